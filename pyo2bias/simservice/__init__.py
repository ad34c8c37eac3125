"""The embedded simulation service: o2-sim's service mode, speaking its protocol exactly.

Processes: a driver (control socket, notifications), a primary server, ``-j`` workers and a
merger. Start it like o2-sim: ``python -m pyo2bias.simservice -j 2 -n 0 -g pythia8pp
-m PIPE ITS TPC TOF -o simservice --asservice 1``.
"""
