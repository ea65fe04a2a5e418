package io.retentionplatform.gateway.security;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import graphql.parser.ParserOptions;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies the token limit ({@code quarkus.smallrye-graphql.parser-max-tokens}) to the parsing of operations, not
 * only of documents: SmallRye GraphQL sets graphql-java's default parser options, while graphql-java parses incoming
 * operations with its separate operation parser options (default 15,000 tokens). Measured here: without this, a
 * query of 3,000 aliased fields (9,000 tokens) was executed although the limit is 5,000.
 */
@Singleton
public class GraphQLParserLimits {

    void apply(@Observes StartupEvent startup,
            @ConfigProperty(name = "quarkus.smallrye-graphql.parser-max-tokens", defaultValue = "15000") int maxTokens,
            @ConfigProperty(name = "gateway.graphql.max-characters", defaultValue = "100000") int maxCharacters) {
        ParserOptions.setDefaultOperationParserOptions(ParserOptions.getDefaultOperationParserOptions().transform(
                options -> options.maxTokens(maxTokens).maxCharacters(maxCharacters)));
    }
}
