from offkai_kit.service import main
from offkai_notify.bootstrap import SPEC

main(SPEC)
