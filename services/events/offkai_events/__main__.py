from offkai_events.bootstrap import SPEC
from offkai_kit.service import main

main(SPEC)
