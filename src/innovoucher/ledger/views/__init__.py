"""Finance pages (资金管理): thin views that parse input, call one service or selector, render."""
