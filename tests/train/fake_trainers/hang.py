# Fake trainer: reports start, then hangs and ignores SIGTERM, so only the
# time limit's SIGKILL can stop it.
import json, signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print(json.dumps({"event": "start"}), flush=True)
while True:
    time.sleep(0.05)
