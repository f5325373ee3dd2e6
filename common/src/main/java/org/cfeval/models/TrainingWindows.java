package org.cfeval.models;

import java.time.LocalDate;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.labels.DayRange;

/**
 * Train, validation and blind test windows, back to back and never overlapping: the test window ends
 * maturity-days before the as-of date (every label in it has matured), validation ends where test
 * starts, training ends where validation starts. Each is a half-open range of whole UTC days.
 */
public record TrainingWindows(DayRange train, DayRange validation, DayRange test) {

  public static TrainingWindows of(Settings settings) {
    LocalDate end = settings.get(Keys.AS_OF).minusDays(settings.get(Keys.MATURITY_DAYS));
    DayRange test = DayRange.ending(end, settings.get(Keys.TEST_DAYS));
    DayRange validation = DayRange.ending(test.start(), settings.get(Keys.VALIDATION_DAYS));
    DayRange train = DayRange.ending(validation.start(), settings.get(Keys.TRAIN_DAYS));
    return new TrainingWindows(train, validation, test);
  }
}
