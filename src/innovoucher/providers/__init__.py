"""Service providers (服务机构入库), their service catalogue and instrument booking."""
