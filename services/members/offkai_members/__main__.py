from offkai_kit.service import main
from offkai_members.app import SPEC

main(SPEC)
