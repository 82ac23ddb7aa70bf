from offkai_kit.service import main
from offkai_members.bootstrap import SPEC

main(SPEC)
