# The shop writes English dates as "Oct 22, 2025" (no period after the month).
DATE_FORMAT = "M j, Y"
