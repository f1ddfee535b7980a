package org.satit.api.embed;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.satit.api.ApiError;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.Role;

/**
 * Signed embed tokens (JWT, HS256, Nimbus JOSE+JWT) for charts that are not public: a logged-in user
 * grants one chart with its parameters locked, seen as that user's role and ESA, to the pages of one
 * district website. A token lives {@code lifetime} (minutes); the embedded page swaps it for a fresh one
 * before then ({@code POST /api/embed/refresh}) for as long as the grant runs ({@code refreshUntil}, days to a
 * year), so an open page never breaks while a copied token soon goes stale. A grant dies with its grantor:
 * once the user who made it is removed or replaced (another role or ESA, a new password: the admin page's
 * changes), its tokens and their refresh are refused at once. Rotating the key file revokes every grant at once.
 */
public final class EmbedTokens {

  /**
   * What a token grants; {@code grantId} and {@code origin} name its grant in the {@link EmbedRegistry} and the site it
   * was made for (both null in a token made before embeds knew their audience).
   */
  public record Grant(String chart, Map<String, String> params, Principal actingAs, String grantedBy,
                      Instant refreshUntil, String grantId, String origin) {
  }

  private static final String ISSUER = "satit";
  /** The claim naming the grantor's account version (keyed, so the token does not carry the digest itself). */
  private static final String GRANTOR = "grantor";
  private final MACSigner signer;
  private final MACVerifier verifier;
  private final SecretKeySpec accountKey;
  private final Duration lifetime;
  private final Clock clock;
  private final Function<String, Optional<Users.Account>> accounts;

  /** {@code accounts}: the users as they stand now, by name (the users file), to which every grant is held. */
  public EmbedTokens(byte[] key, Duration lifetime, Clock clock, Function<String, Optional<Users.Account>> accounts) {
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the embed key must be at least 256 bits: " + e.getMessage(), e);
    }
    this.accountKey = new SecretKeySpec(key, "HmacSHA256");
    this.lifetime = lifetime;
    this.clock = clock;
    this.accounts = accounts;
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
        .claim(GRANTOR, accounts.apply(g.grantedBy()).map(this::version).orElse(null))
        .claim("grant", g.grantId())
        .claim("origin", g.origin())
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing an embed token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  /** The grant of a token that is genuine, has not expired and whose grantor stands unchanged; 401 otherwise. */
  public Grant verify(String token) {
    Checked c = check(token);
    if (!clock.instant().isBefore(c.claims().getExpirationTime().toInstant())) {
      throw ApiError.unauthorized("embed token expired: refresh it (POST /api/embed/refresh)");
    }
    return standing(c);
  }

  /** The grant a genuine token carries, expired or not; 401 for a token not signed by this satit. */
  public Grant grantOf(String token) {
    return check(token).grant();
  }

  /**
   * A fresh token for a genuine one, expired or not, while its grant runs and its grantor stands unchanged; 401
   * once the grant has ended.
   */
  public String refresh(String token) {
    Checked c = check(token);
    if (!clock.instant().isBefore(c.grant().refreshUntil())) {
      throw ApiError.unauthorized("this embed's grant ended on " + c.grant().refreshUntil()
          + ": the site needs a new embed code");
    }
    return issue(standing(c));
  }

  /**
   * The grant while its grantor is in the users file as when it was made: the same role and ESA and, for tokens
   * that name it (all made since grants are held to their grantor), the same account version, so neither
   * removing and adding the user again nor a change and its undoing brings a grant back.
   */
  private Grant standing(Checked c) {
    Grant g = c.grant();
    Optional<Users.Account> now = accounts.apply(g.grantedBy());
    String made = (String) c.claims().getClaim(GRANTOR);
    boolean same = now.isPresent() && now.get().principal().equals(g.actingAs())
        && (made == null || MessageDigest.isEqual(made.getBytes(StandardCharsets.US_ASCII),
            version(now.get()).getBytes(StandardCharsets.US_ASCII)));
    if (!same) {
      throw ApiError.unauthorized("the user who made this embed code was removed or changed: the site needs a new"
          + " embed code");
    }
    return g;
  }

  private String version(Users.Account a) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(accountKey);
      String account = "satit embed grantor\n" + a.principal().name() + "\n" + a.version();
      byte[] d = mac.doFinal(account.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(d, 16));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256: " + e.getMessage(), e);
    }
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
      return new Checked(c, new Grant(c.getStringClaim("chart"), params, actingAs, c.getSubject(), until,
          c.getStringClaim("grant"), c.getStringClaim("origin")));
    } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
      throw ApiError.unauthorized("malformed embed token");
    }
  }
}
