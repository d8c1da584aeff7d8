from innovoucher.workdays.services import calendar_seed_chinesecalendar


def load_calendar(progress):
    calendar_seed_chinesecalendar(progress=progress)


SETUP_STEPS = [(20, "工作日历（2004–2026年节假日安排）", load_calendar)]
