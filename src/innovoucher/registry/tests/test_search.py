"""Name search keys: pure functions, and every registry service that sets a name writes them."""

from innovoucher.registry.search import name_search_keys, search_initials, search_pinyin


def test_pinyin_keys_of_a_chinese_name_keep_other_characters():
    assert search_initials("绍兴检测") == "sxjc"
    assert search_pinyin("天山区CMA实验室") == "tianshanqucmashiyanshi"
    assert name_search_keys("越城") == {"name_initials": "yc", "name_pinyin": "yuecheng"}


def test_keys_are_cut_to_their_columns():
    keys = name_search_keys("检" * 300)
    assert len(keys["name_initials"]) == 200 and len(keys["name_pinyin"]) == 800
