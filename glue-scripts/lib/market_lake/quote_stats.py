"""Quote statistics per symbol and trading date.

spread = ask_price - bid_price, rounded to 10 decimals (prices are doubles: 100.03 - 100.02 is
0.010000000000005116 before rounding, and the median should see one value per tick, not noise).
- crossed: bid > ask (the validator rejects these today; counted in case its rules change),
  locked: bid == ask (spread 0).
- mean, median and max spread are over the quotes that are not crossed (a negative number is not
  a spread); the median is Spark's exact `percentile(spread, 0.5)`: the middle value, or the mean
  of the two middle values for an even count.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from .counting import count_where
from .schemas import QUOTE_STATS
from .trading_dates import local_date_text


def quote_statistics(quotes: DataFrame, zone: str) -> DataFrame:
    """schemas.QUOTE_STATS per symbol and trading date of the quote, plus `date`."""
    bid, ask = F.col("bid_price"), F.col("ask_price")
    stats = (
        quotes.withColumn("date", local_date_text(F.col("ts"), zone))
        .withColumn("_spread", F.when(bid <= ask, F.round(ask - bid, 10)))
        .groupBy("date", "symbol")
        .agg(
            F.count(F.lit(1)).alias("quote_count"),
            F.sum(count_where(bid > ask)).cast("long").alias("crossed_count"),
            F.sum(count_where(bid == ask)).cast("long").alias("locked_count"),
            F.avg("_spread").alias("mean_spread"),
            F.expr("percentile(_spread, 0.5)").alias("median_spread"),
            F.max("_spread").alias("max_spread"),
        )
    )
    return stats.select(*QUOTE_STATS.fieldNames(), "date")
