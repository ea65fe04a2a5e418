package io.retentionplatform.segmentation.account;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An account as the CRM describes it (REST upsert, batch, or a CSV row).
 *
 * @param name             display name
 * @param industry         {@code saas}, {@code professional_services}, {@code manufacturing} or {@code other}
 * @param planTier         e.g. {@code basic}, {@code premium}, {@code enterprise}
 * @param entitledFeatures the features the plan includes
 * @param arr              annual recurring revenue in {@code currency}
 * @param currency         ISO 4217 code; the reporting currency when absent
 * @param contractStart    first contract start
 * @param renewalDate      next renewal
 * @param owner            account owner
 * @param arrEffectiveDate when a changed ARR took effect (default: today)
 */
public record AccountInput(
        @NotBlank @Size(max = 300) String name,
        @NotNull @Pattern(regexp = "saas|professional_services|manufacturing|other",
                message = "must be one of saas, professional_services, manufacturing, other") String industry,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_ .-]+", message = "letters, digits, space, _ . - only") String planTier,
        @Size(max = 200) List<@NotBlank @Pattern(regexp = "[a-z0-9_.-]{1,64}",
                message = "lower-case letters, digits, _ . - (1-64)") String> entitledFeatures,
        @NotNull @DecimalMin("0") @Digits(integer = 13, fraction = 2) BigDecimal arr,
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        LocalDate contractStart,
        LocalDate renewalDate,
        @Size(max = 200) String owner,
        LocalDate arrEffectiveDate) {

    public List<String> features() {
        return entitledFeatures == null ? List.of() : entitledFeatures.stream().distinct().sorted().toList();
    }
}
