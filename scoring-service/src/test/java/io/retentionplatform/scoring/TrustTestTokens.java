package io.retentionplatform.scoring;

import io.quarkus.test.common.QuarkusTestResource;
import io.retentionplatform.support.testing.JwtTestKeys;

/**
 * Makes every test of this module run with real JWT verification against a key pair made for the test run
 * (registered once here, it applies to all tests of the module).
 */
@QuarkusTestResource(JwtTestKeys.class)
public class TrustTestTokens {
}
