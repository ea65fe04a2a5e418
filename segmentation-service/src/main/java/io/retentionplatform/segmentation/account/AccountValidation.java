package io.retentionplatform.segmentation.account;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;

import io.retentionplatform.support.problem.InvalidInput;

/** Checks an account id and its CRM fields the same way for REST, batches and CSV rows. */
@ApplicationScoped
public class AccountValidation {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final Validator validator;
    private final AccountService accounts;

    public AccountValidation(Validator validator, AccountService accounts) {
        this.validator = validator;
        this.accounts = accounts;
    }

    public List<InvalidInput.Violation> check(String id, AccountInput input) {
        List<InvalidInput.Violation> violations = new ArrayList<>();
        if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
            violations.add(new InvalidInput.Violation("id", "1-128 letters, digits, . _ : - starting with a letter or digit"));
        }
        if (input == null) {
            violations.add(new InvalidInput.Violation("body", "an account object is required"));
            return violations;
        }
        validator.validate(input).stream()
                .map(v -> new InvalidInput.Violation(v.getPropertyPath().toString().replaceAll("\\.<[^>]+>", ""), v.getMessage()))
                .sorted(Comparator.comparing(InvalidInput.Violation::field))
                .forEach(violations::add);
        if (input.currency() != null && input.currency().matches("[A-Z]{3}") && !accounts.knowsCurrency(input.currency())) {
            violations.add(new InvalidInput.Violation("currency", "no conversion rate is configured for " + input.currency()
                    + " (segmentation.money.rates." + input.currency() + ")"));
        }
        if (input.contractStart() != null && input.renewalDate() != null && input.renewalDate().isBefore(input.contractStart())) {
            violations.add(new InvalidInput.Violation("renewalDate", "must not be before contractStart"));
        }
        return violations;
    }

    public List<InvalidInput.Violation> checkMovement(AccountResource.MovementInput input) {
        List<InvalidInput.Violation> violations = new ArrayList<>();
        if (input == null) {
            return List.of(new InvalidInput.Violation("body", "a movement object is required"));
        }
        validator.validate(input).stream()
                .map(v -> new InvalidInput.Violation(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(InvalidInput.Violation::field))
                .forEach(violations::add);
        boolean sizeNeeded = input.kind() != null && !input.kind().equals("renewal") && !input.kind().equals("churn");
        if (sizeNeeded && input.amount() == null) {
            violations.add(new InvalidInput.Violation("amount", "is required for a " + input.kind() + " movement"));
        }
        if (input.currency() != null && input.currency().matches("[A-Z]{3}") && !accounts.knowsCurrency(input.currency())) {
            violations.add(new InvalidInput.Violation("currency", "no conversion rate is configured for " + input.currency()));
        }
        return violations;
    }
}
