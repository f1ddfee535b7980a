package org.satit.warehouse.semantic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.satit.warehouse.query.Role;

/**
 * A view of a role schema with the dimensions it can be sliced by and the measures it answers; which
 * roles may ask; whether its rows are aggregated (published tables are read as they are); which warehouse
 * tables its rows are made from ({@code reads}: a commit that touches one of them changes the dataset).
 */
public record Dataset(String name, String table, Label description, Set<Role> roles, boolean aggregate,
                      List<String> dimensions, Map<String, Measure> measures, Set<String> reads) {
}
