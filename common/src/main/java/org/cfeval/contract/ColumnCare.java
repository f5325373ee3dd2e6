package org.cfeval.contract;

import java.util.List;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;

/**
 * Which of a source's extra columns a table copies, and whose values rejects.record masks: personal data that
 * happens to be in the log (card numbers, emails) need not land in tables analysts query. The contract's own
 * columns are always kept.
 */
public record ColumnCare(List<String> keep, List<String> drop, List<String> mask) {
  /** The string a masked value is shown as. */
  public static final String MASKED = "***";

  /** The decision log's care: --keep-columns, --drop-columns, --mask-columns. */
  public static ColumnCare decisions(Settings settings) {
    return new ColumnCare(settings.get(Keys.KEEP_COLUMNS), settings.get(Keys.DROP_COLUMNS),
        settings.get(Keys.MASK_COLUMNS));
  }

  /** The chargebacks' care: their extra columns are never copied, --mask-columns masks their values in rejects. */
  public static ColumnCare chargebacks(Settings settings) {
    return new ColumnCare(List.of(), List.of(), settings.get(Keys.MASK_COLUMNS));
  }

  /** Whether the extra column {@code column} is copied. Names match whatever their case, as the contract's do. */
  public boolean keeps(String column) {
    return (keep.isEmpty() || named(keep, column)) && !named(drop, column);
  }

  /** Whether rejects show {@code column}'s value as {@link #MASKED} (an extra column when {@code extra}). */
  public boolean masks(String column, boolean extra) {
    return named(mask, column) || (extra && !keeps(column));
  }

  private static boolean named(List<String> names, String column) {
    return names.stream().anyMatch(name -> name.equalsIgnoreCase(column));
  }
}
