package org.cfeval.tables;

import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.cfeval.config.ConfigException;
import org.cfeval.spark.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of a warehouse's tables in the session's catalog (the metastore, when the session has one): each
 * an external table at its folder, in the configured database, with its views.
 */
final class Catalog {
  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
  private final SparkSession spark;
  private final String warehouse;
  private final String database;
  private final Function<TableSpec<?>, String> path;
  private boolean databaseEnsured;

  Catalog(SparkSession spark, String warehouse, String database, Function<TableSpec<?>, String> path) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.database = database;
    this.path = path;
  }

  /** Makes the database the session's current one, once {@code tables} tables are registered in it. */
  void use(int tables) {
    if (!database.isEmpty()) {
      spark.catalog().setCurrentDatabase(database);
    }
    // From here on this session holds the catalog (an embedded metastore, until the JVM ends).
    LOG.info("catalog: the {} tables of {} are named in {}", tables, warehouse,
        database.isEmpty() ? "the session's current database" : "database " + database);
  }

  /** (Re)creates the views over {@code table}: each reads it under its registered name. */
  private void registerViews(TableSpec<?> table) {
    Tables.EVERY_VIEW.stream().filter(view -> view.over() == table).forEach(view -> spark.sql(String.format(
        "CREATE OR REPLACE VIEW %s AS %s", qualified(view.name()), view.sqlOver(qualified(table.name())))));
  }

  String qualified(String name) {
    return database.isEmpty() ? name : database + "." + name;
  }

  /**
   * Points the table's name at this warehouse's folder (a name registered elsewhere is re-pointed), and
   * its views at the table. A catalog another process holds is input not ready ({@link Sessions#catalogInUse}).
   */
  void register(TableSpec<?> table) {
    try {
      String name = qualified(table.name());
      boolean here = false;
      if (spark.catalog().tableExists(name)) {
        // The metastore's own record: no read of the Delta log.
        String db = database.isEmpty() ? spark.catalog().currentDatabase() : database;
        CatalogTable registered = spark.sharedState().externalCatalog().getTable(db, table.name());
        here = sameLocation(new Path(registered.location()), new Path(path.apply(table)));
        if (!here && registered.tableType() != CatalogTableType.EXTERNAL()) {
          throw new ConfigException(String.format("database: %s is a %s table that cfeval did not register (cfeval's"
              + " are external, at their folder); dropping it would delete its data: choose another --database", name,
              registered.tableType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (!here) {
          spark.sql("DROP TABLE " + name); // external: only the name goes
        }
      }
      if (!here) {
        LOG.info("registering {} in the catalog, at {}", name, path.apply(table));
        ensureDatabase();
        // IF NOT EXISTS: a run of another date registering the same name at the same moment is no failure.
        spark.sql(String.format("CREATE TABLE IF NOT EXISTS %s USING delta LOCATION %s", name, literal(path.apply(table))));
      }
      registerViews(table);
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) { // Spark's AnalysisException is checked, though Scala throws it undeclared
      throw Sessions.catalogInUse(e, warehouse);
    }
  }

  /** Whether two locations name the same folder, however written (file:/x and /x, %20 and a space, host:port). */
  private boolean sameLocation(Path a, Path b) {
    try {
      org.apache.hadoop.conf.Configuration conf = spark.sessionState().newHadoopConf();
      return a.getFileSystem(conf).makeQualified(a).equals(b.getFileSystem(conf).makeQualified(b));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Creates the database the tables are registered in, once per run; its folder is kept out of the tables'. */
  private void ensureDatabase() {
    if (!database.isEmpty() && !databaseEnsured) {
      spark.sql(String.format("CREATE DATABASE IF NOT EXISTS %s COMMENT 'cfeval tables (counterfactual evaluation)'"
          + " LOCATION %s", database, literal(warehouse + "/" + Sessions.CATALOG_FOLDER + "/" + database + ".db")));
      databaseEnsured = true;
    }
  }

  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
