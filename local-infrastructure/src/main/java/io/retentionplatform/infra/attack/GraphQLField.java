package io.retentionplatform.infra.attack;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A root field of the gateway's schema (a query, mutation or subscription), with what it takes and returns, and
 * the role its description declares ("Requires the `manager` role.").
 *
 * @param endpoint  the GraphQL URL
 * @param operation query, mutation or subscription
 */
public record GraphQLField(String service, String endpoint, String operation, String name, List<Argument> arguments,
        GraphQLTypes.TypeRef returnType, Access access, GraphQLTypes types) implements Target {

    /** An argument; {@code required} when non-null without a default. */
    public record Argument(String name, GraphQLTypes.TypeRef type, boolean required) {
    }

    @Override
    public String label() {
        return operation + " " + name;
    }

    /** A valid document calling only this field: required arguments filled, {@code __typename} selected. */
    public String probe(Random random) {
        return operation + " AttackProbe { " + call(name, random) + " }";
    }

    /** {@code alias: field(args) { __typename }} or without the alias when it is null. */
    public String call(String alias, Random random) {
        return (alias == null || alias.equals(name) ? "" : alias + ": ") + name + arguments(random) + selection();
    }

    public String arguments(Random random) {
        String args = arguments.stream().filter(Argument::required)
                .map(a -> a.name() + ": " + types.literal(a.type(), a.name(), random, 0))
                .collect(Collectors.joining(", "));
        return args.isEmpty() ? "" : "(" + args + ")";
    }

    /** " { __typename }" for a field returning an object, interface or union; "" for scalars and enums. */
    public String selection() {
        return types.isComposite(returnType) ? " { __typename }" : "";
    }
}
