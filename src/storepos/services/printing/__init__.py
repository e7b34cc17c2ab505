"""The print queue, its worker and the one sentence every screen says about queued paper; paper.py
is what each feature's document builder shares. The Print jobs screen's door is api.py.
"""
