package org.satit.api.ops;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.satit.api.ApiError;
import org.satit.warehouse.publish.PublicReleaser;
import org.satit.warehouse.publish.ScoreRelease;
import org.satit.warehouse.query.Principal;

/**
 * The public release on the admin page (role admin): the release the public sees (when, why, for whom, how many school
 * cells it holds back), the schedule and the next moment, and Publish now.
 */
public final class ReleaseAdminApi {

  private final PublicReleaser releaser;
  private final Function<Context, Principal> principals;

  /** {@code releaser}: null where satit runs without one (a test server): the routes answer 409. */
  public ReleaseAdminApi(PublicReleaser releaser, Function<Context, Principal> principals) {
    this.releaser = releaser;
    this.principals = principals;
  }

  private Principal admin(Context ctx) {
    Principal p = org.satit.api.auth.AdminApi.admin(principals.apply(ctx), "publish the public release");
    if (releaser == null) {
      throw new ApiError(409, "this server makes no public releases");
    }
    return p;
  }

  /** {@code GET /api/admin/release}: the last release, the schedule and the next scheduled moment. */
  public void status(Context ctx) throws InterruptedException {
    admin(ctx);
    ctx.json(status(releaser.last(), null));
  }

  /** {@code POST /api/admin/release}: publishes now if anything the release reads changed since the last release. */
  public void publish(Context ctx) throws InterruptedException {
    Principal p = admin(ctx);
    Optional<ScoreRelease.Result> made = releaser.publishNow(p.name());
    ctx.json(status(releaser.last(), made.isPresent()));
  }

  private Map<String, Object> status(Optional<ScoreRelease.Released> last, Boolean published) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (published != null) {
      out.put("published", published);
    }
    out.put("schedule", releaser.schedule().describe());
    out.put("next", releaser.schedule().nextDue(Instant.now()).toString());
    last.ifPresent(r -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.releaseId());
      m.put("releasedAt", r.releasedAt().toString());
      m.put("kind", r.occasion() == null ? null : r.occasion().kind().id());
      m.put("by", r.occasion() == null ? null : r.occasion().by());
      m.put("warehouseVersion", r.warehouseVersion());
      m.put("heldCells", r.heldCells());
      out.put("last", m);
    });
    releaser.problem().ifPresent(p -> out.put("problem", p));
    return out;
  }
}
