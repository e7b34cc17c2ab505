"""Small widgets every screen may use: BigButton, MoneyLabel, BusyIndicator, and manager approval
(approval_dialog.request_approval / ask_manager_approval)."""
