package org.satit.api.dashboards;

import java.util.List;
import java.util.Set;
import org.satit.warehouse.query.Role;
import org.satit.warehouse.semantic.Label;

/** One dashboard ({@code satit/dashboards/ID.yaml}): its parameters, in the order shown, and its charts. */
public record DashboardDefinition(String id, Label title, Label description, Set<Role> roles, List<String> params,
                                  List<String> charts) {

  public boolean visibleTo(Role role) {
    return roles.contains(role);
  }
}
