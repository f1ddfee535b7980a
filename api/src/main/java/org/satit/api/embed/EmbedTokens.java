package org.satit.api.embed;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.satit.api.ApiError;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.Role;

/**
 * Signed embed tokens (JWT, HS256, Nimbus JOSE+JWT) for charts that are not public: a logged-in user
 * grants one chart with its parameters locked, seen as that user's role and ESA, to the pages of one
 * district website. A token lives {@code lifetime} (minutes); the embedded page swaps it for a fresh one
 * before then ({@code POST /api/embed/refresh}) for as long as the grant runs ({@code refreshUntil}, days to a
 * year), so an open page never breaks while a copied token soon goes stale. Rotating the key file revokes
 * every grant at once.
 */
public final class EmbedTokens {

  /** What a token grants. */
  public record Grant(String chart, Map<String, String> params, Principal actingAs, String grantedBy,
                      Instant refreshUntil) {
  }

  private static final String ISSUER = "satit";
  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Duration lifetime;
  private final Clock clock;

  public EmbedTokens(byte[] key, Duration lifetime, Clock clock) {
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the embed key must be at least 256 bits: " + e.getMessage(), e);
    }
    this.lifetime = lifetime;
    this.clock = clock;
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** A fresh token for the grant. */
  public String issue(Grant g) {
    Instant now = clock.instant();
    Instant exp = now.plus(lifetime);
    if (exp.isAfter(g.refreshUntil())) {
      exp = g.refreshUntil();
    }
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(g.grantedBy())
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(exp))
        .claim("chart", g.chart())
        .claim("params", new TreeMap<>(g.params()))
        .claim("role", g.actingAs().role().id())
        .claim("esa", g.actingAs().esaCode())
        .claim("refresh_until", g.refreshUntil().getEpochSecond())
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing an embed token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  /** The grant of a token that is genuine and has not expired; 401 otherwise. */
  public Grant verify(String token) {
    Checked c = check(token);
    if (!clock.instant().isBefore(c.claims().getExpirationTime().toInstant())) {
      throw ApiError.unauthorized("embed token expired: refresh it (POST /api/embed/refresh)");
    }
    return c.grant();
  }

  /** A fresh token for a genuine one, expired or not, while its grant runs; 401 once the grant has ended. */
  public String refresh(String token) {
    Grant g = check(token).grant();
    if (!clock.instant().isBefore(g.refreshUntil())) {
      throw ApiError.unauthorized("this embed's grant ended on " + g.refreshUntil()
          + ": the site needs a new embed code");
    }
    return issue(g);
  }

  private record Checked(JWTClaimsSet claims, Grant grant) {
  }

  private Checked check(String token) {
    if (token == null || token.isBlank() || token.length() > 4096) {
      throw ApiError.unauthorized("missing or oversized embed token");
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token.strip());
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        throw ApiError.unauthorized("embed token not signed by this satit");
      }
      JWTClaimsSet c = jwt.getJWTClaimsSet();
      if (!ISSUER.equals(c.getIssuer()) || c.getExpirationTime() == null || c.getStringClaim("chart") == null) {
        throw ApiError.unauthorized("not a satit embed token");
      }
      Map<String, String> params = new LinkedHashMap<>();
      Map<String, Object> raw = c.getJSONObjectClaim("params");
      if (raw != null) {
        raw.forEach((k, v) -> params.put(k, String.valueOf(v)));
      }
      Principal actingAs = new Principal(c.getSubject(), Role.of(c.getStringClaim("role")), c.getStringClaim("esa"));
      Instant until = Instant.ofEpochSecond(c.getLongClaim("refresh_until"));
      return new Checked(c, new Grant(c.getStringClaim("chart"), params, actingAs, c.getSubject(), until));
    } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
      throw ApiError.unauthorized("malformed embed token");
    }
  }
}
