"""The console's pages, one Flask blueprint per area (auth, dashboard, programs, relief,
admin, preview, handoffs). Each module holds its area's views and the helpers only they
use; its templates are in ../templates/<area>/. bot/console/app.py registers them all."""
