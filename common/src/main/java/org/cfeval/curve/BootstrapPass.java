package org.cfeval.curve;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.cfeval.contract.Contract;
import org.cfeval.contract.DecisionLog;
import org.cfeval.stats.Multiplicities;
import org.cfeval.stats.ReplicateSums;
import org.cfeval.tables.Tables;
import scala.Tuple2;

/**
 * All bootstrap replicates for every interval threshold and slice in one pass: each labelled decision
 * draws its resampling unit's Poisson(1) multiplicities once and adds them, times its weight, to its
 * (slice, interval bucket, production action) cell of every replicate. Each task keeps one
 * {@link ReplicateSums} per slice value it meets, (interval thresholds + 1) x 4 x replicates longs each
 * (about 650 KB for 100 thresholds and 200 replicates); partial sums are merged by key.
 */
public final class BootstrapPass {
  private BootstrapPass() {}

  /**
   * @param unitColumn the resampling unit: cluster_id (the cluster bootstrap) or decision_id (rows)
   */
  public static Map<Slice, ReplicateSums> run(Dataset<Row> window, ThresholdGrid grid, List<String> sliceColumns,
      int replicates, long seed, String unitColumn) {
    List<Column> columns = new ArrayList<>(List.of(col(DecisionLog.SCORE), col(DecisionLog.P_ALLOW),
        col(Tables.OUTCOME).equalTo(Tables.FRAUD), BucketPass.productionBlocks(),
        col(unitColumn).cast(DataTypes.StringType)));
    for (String column : sliceColumns) {
      columns.add(col(Contract.quote(column)).cast(DataTypes.StringType));
    }
    Dataset<Row> labelled = window.filter(col(Tables.OUTCOME).isin(Tables.FRAUD, Tables.LEGIT))
        .select(columns.toArray(Column[]::new));

    PairFlatMapFunction<Iterator<Row>, Slice, ReplicateSums> accumulate = rows -> {
      Map<Slice, ReplicateSums> local = new HashMap<>();
      int[] multiplicities = new int[replicates];
      while (rows.hasNext()) {
        Row row = rows.next();
        int bucket = grid.bucketOf(row.getDouble(0));
        double weight = 1 / row.getDouble(1);
        boolean fraud = row.getBoolean(2);
        boolean productionBlocks = row.getBoolean(3);
        Multiplicities.fill(seed, Multiplicities.hash(row.getString(4)), multiplicities);
        local.computeIfAbsent(Slice.ALL, s -> new ReplicateSums(grid.buckets(), replicates))
            .add(bucket, productionBlocks, fraud, weight, multiplicities);
        for (int i = 0; i < sliceColumns.size(); i++) {
          Slice slice = new Slice(sliceColumns.get(i), row.isNullAt(5 + i) ? null : row.getString(5 + i));
          local.computeIfAbsent(slice, s -> new ReplicateSums(grid.buckets(), replicates))
              .add(bucket, productionBlocks, fraud, weight, multiplicities);
        }
      }
      List<Tuple2<Slice, ReplicateSums>> partials = new ArrayList<>(local.size());
      local.forEach((slice, sums) -> partials.add(new Tuple2<>(slice, sums)));
      return partials.iterator();
    };
    return new TreeMap<>(labelled.javaRDD().mapPartitionsToPair(accumulate).reduceByKey(ReplicateSums::add)
        .collectAsMap());
  }
}
