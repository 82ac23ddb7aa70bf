from offkai_events.app import SPEC
from offkai_kit.service import main

main(SPEC)
