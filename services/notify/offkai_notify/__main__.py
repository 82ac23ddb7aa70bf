from offkai_kit.service import main
from offkai_notify.app import SPEC

main(SPEC)
