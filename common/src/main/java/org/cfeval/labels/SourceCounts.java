package org.cfeval.labels;

import java.util.Map;
import java.util.TreeMap;

/**
 * What became of one source's rows in a label run. They reconcile: every row read is accepted,
 * rejected (with a reason) or later than the as-of date (left for a later run).
 */
public record SourceCounts(String source, long read, long accepted, long rejected, long afterAsOf,
    Map<String, Long> rejectsByReason) {

  public SourceCounts {
    if (read != accepted + rejected + afterAsOf) {
      throw new IllegalStateException(String.format("%s counts do not reconcile: read %d != accepted %d + rejected %d"
          + " + after as-of %d", source, read, accepted, rejected, afterAsOf));
    }
    rejectsByReason = new TreeMap<>(rejectsByReason);
  }

  public double rejectShare() {
    return read == 0 ? 0 : (double) rejected / read;
  }

  @Override
  public String toString() {
    return String.format("%s: read %,d = accepted %,d + rejected %,d + after as-of %,d%s", source, read, accepted,
        rejected, afterAsOf, rejectsByReason.isEmpty() ? "" : "  rejects by reason " + rejectsByReason);
  }
}
