package org.satit.warehouse.semantic;

import java.sql.SQLException;
import java.util.List;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.QueryLayer;

/** Answers semantic queries for a principal: compile against the model, run through the query layer. */
public final class SemanticLayer {

  private final SemanticModel model;
  private final QueryCompiler compiler;
  private final QueryLayer queries;

  public SemanticLayer(SemanticModel model, QueryLayer queries) {
    this.model = model;
    this.compiler = new QueryCompiler(model);
    this.queries = queries;
  }

  public SemanticModel model() {
    return model;
  }

  /** The result's columns (dimension or measure, unit, label) and rows. */
  public record Answer(List<CompiledQuery.Column> columns, List<List<Object>> rows) {
  }

  public Answer ask(Principal principal, SemanticQuery query) throws SQLException {
    CompiledQuery compiled = compiler.compile(principal, query);
    QueryLayer.QueryResult r = queries.query(principal, compiled.sql(), compiled.parameters());
    return new Answer(compiled.columns(), r.rows());
  }
}
