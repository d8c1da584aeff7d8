from innovoucher.regions.services import region_table_load


def load_regions(progress):
    region_table_load(progress=progress)


SETUP_STEPS = [(10, "行政区划（GB/T 2260）", load_regions)]
