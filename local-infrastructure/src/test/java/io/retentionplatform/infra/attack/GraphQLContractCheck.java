package io.retentionplatform.infra.attack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An independent judge of a GraphQL request for the tests: HTTP shape, JSON, then a small GraphQL parser and the
 * validation rules the generated requests could break (syntax, operation selection, unknown fields and arguments,
 * argument and variable types, variables in the wrong position, undeclared variables, directives, fragment cycles,
 * conflicting response keys) and the gateway's limits (depth 15, complexity, tokens). Empty when the request is valid.
 */
final class GraphQLContractCheck {

    static final int MAX_DEPTH = 15;
    static final int MAX_FIELDS = 1000;
    static final int MAX_TOKENS = 5000;

    /** JSON text is UTF-8 (RFC 8259): checked by the JDK's decoder first, then parsed with a depth limit. */
    static JsonNode strictJson(byte[] bytes) throws Exception {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        return STRICT.readTree(text);
    }

    private static final ObjectMapper STRICT = new ObjectMapper(new com.fasterxml.jackson.core.JsonFactory()
            .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build()))
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final List<GraphQLField> rootFields;
    private final GraphQLTypes types;

    GraphQLContractCheck(List<GraphQLField> rootFields) {
        this.rootFields = rootFields;
        this.types = rootFields.get(0).types();
    }

    Optional<String> defect(Probe probe) {
        String query;
        JsonNode variables = null;
        String operationName = null;
        if (probe.method().equals("GET")) {
            String url = probe.url();
            int at = url.indexOf("?query=");
            if (at < 0) {
                return Optional.of("GET without query");
            }
            query = URLDecoder.decode(url.substring(at + 7), StandardCharsets.UTF_8);
            if (query.trim().startsWith("mutation")) {
                return Optional.of("mutation over GET");
            }
        } else if (probe.method().equals("POST")) {
            if (probe.body() == null || probe.body().length == 0) {
                return Optional.of("no body");
            }
            String type = probe.contentType() == null ? "" : probe.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (!type.equals("application/json")) {
                return Optional.of("content type " + type);
            }
            if (probe.body().length > 5_000_000) {
                return Optional.of("over 5 MB");
            }
            JsonNode body;
            try {
                body = strictJson(probe.body());
            } catch (Exception e) {
                return Optional.of("not JSON: " + e.getClass().getSimpleName());
            }
            if (!body.isObject() || !body.path("query").isTextual() || body.path("query").asText().isBlank()) {
                return Optional.of("no query string");
            }
            query = body.path("query").asText();
            variables = body.get("variables");
            operationName = body.path("operationName").asText(null);
        } else {
            return Optional.of("method " + probe.method());
        }
        try {
            return validate(new Parser(query).document(), variables, operationName);
        } catch (Syntax e) {
            return Optional.of("syntax: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ validation

    private Optional<String> validate(Document doc, JsonNode variables, String operationName) {
        if (doc.tokens > MAX_TOKENS) {
            return Optional.of(doc.tokens + " tokens");
        }
        Operation op;
        if (operationName != null) {
            op = doc.operations.stream().filter(o -> operationName.equals(o.name)).findFirst().orElse(null);
            if (op == null) {
                return Optional.of("no operation " + operationName);
            }
        } else if (doc.operations.size() != 1) {
            return Optional.of(doc.operations.size() + " operations and no operationName");
        } else {
            op = doc.operations.get(0);
        }
        for (Fragment f : doc.fragments.values()) {
            if (reaches(doc, f.name, f.selections, new HashSet<>())) {
                return Optional.of("fragment cycle through " + f.name);
            }
        }
        int[] fields = {0};
        int depth = depth(doc, op.selections, fields, 0);
        if (depth < 0) {
            return Optional.of("unknown fragment");
        }
        if (depth > MAX_DEPTH) {
            return Optional.of("depth " + depth);
        }
        if (fields[0] > MAX_FIELDS) {
            return Optional.of(fields[0] + " fields");
        }
        // Variables: declared, used in an allowed position, values of their type.
        Set<String> used = new HashSet<>();
        Optional<String> usage = variableUsage(op, op.selections, doc, used);
        if (usage.isPresent()) {
            return usage;
        }
        for (String name : used) {
            if (!op.variables.containsKey(name)) {
                return Optional.of("undeclared $" + name);
            }
        }
        for (Map.Entry<String, String> declared : op.variables.entrySet()) {
            if (!used.contains(declared.getKey())) {
                return Optional.of("unused $" + declared.getKey());
            }
            JsonNode value = variables == null ? null : variables.get(declared.getKey());
            Optional<String> bad = jsonValue(value, declared.getValue());
            if (bad.isPresent()) {
                return Optional.of("$" + declared.getKey() + ": " + bad.get());
            }
        }
        // Root fields.
        Map<String, String> responseKeys = new LinkedHashMap<>();
        for (Selection s : op.selections) {
            Optional<String> bad = rootSelection(op, s, responseKeys);
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private Optional<String> rootSelection(Operation op, Selection s, Map<String, String> responseKeys) {
        Optional<String> directives = directives(s.directives, op);
        if (directives.isPresent()) {
            return directives;
        }
        if (s.spread != null || s.inlineOn != null) {
            return Optional.empty(); // only introspection fragments are generated; their depth is checked above
        }
        String key = s.alias != null ? s.alias : s.name;
        String previous = responseKeys.put(key, s.name + s.args);
        if (previous != null && !previous.equals(s.name + s.args)) {
            return Optional.of("response key " + key + " in conflict");
        }
        if (s.name.equals("__typename")) {
            return s.selections == null && s.args.isEmpty() ? Optional.empty() : Optional.of("__typename with arguments or selection");
        }
        if (s.name.equals("__schema") || s.name.equals("__type")) {
            return op.kind.equals("query") ? Optional.empty() : Optional.of("introspection outside a query");
        }
        GraphQLField field = rootFields.stream().filter(f -> f.operation().equals(op.kind) && f.name().equals(s.name))
                .findFirst().orElse(null);
        if (field == null) {
            return Optional.of("unknown field " + op.kind + "." + s.name);
        }
        for (String arg : s.args.keySet()) {
            if (field.arguments().stream().noneMatch(a -> a.name().equals(arg))) {
                return Optional.of("unknown argument " + arg);
            }
        }
        for (GraphQLField.Argument arg : field.arguments()) {
            Value value = s.args.get(arg.name());
            if (value == null) {
                if (arg.required()) {
                    return Optional.of("missing argument " + arg.name());
                }
                continue;
            }
            Optional<String> bad = literal(value, arg.type(), op);
            if (bad.isPresent()) {
                return Optional.of(arg.name() + ": " + bad.get());
            }
        }
        boolean composite = types.isComposite(field.returnType());
        if (composite && (s.selections == null || s.selections.isEmpty())) {
            return Optional.of(s.name + " needs a selection");
        }
        if (!composite && s.selections != null) {
            return Optional.of(s.name + " is a leaf");
        }
        if (composite) {
            JsonNode type = types.type(field.returnType().named().name()).orElseThrow();
            for (Selection sub : s.selections) {
                if (sub.name == null || sub.name.equals("__typename")) {
                    continue;
                }
                boolean known = false;
                for (JsonNode f : type.path("fields")) {
                    known |= f.path("name").asText().equals(sub.name);
                }
                if (!known) {
                    return Optional.of("unknown field " + sub.name);
                }
                Optional<String> d = directives(sub.directives, op);
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> directives(List<Selection.Directive> directives, Operation op) {
        for (Selection.Directive d : directives) {
            if (!d.name.equals("include") && !d.name.equals("skip")) {
                return Optional.of("unknown directive @" + d.name);
            }
            Value condition = d.args.get("if");
            if (condition == null || d.args.size() != 1) {
                return Optional.of("@" + d.name + " without exactly its if argument");
            }
            if (condition.kind == 'v') {
                String declared = op.variables.get(condition.text);
                if (declared == null || !declared.replace("!", "").equals("Boolean")) {
                    return Optional.of("$" + condition.text + " is not a Boolean variable");
                }
            } else if (condition.kind != 'b') {
                return Optional.of("@" + d.name + "(if:) not a Boolean");
            }
        }
        return Optional.empty();
    }

    /** Variable uses in field arguments: their declared type must fit the argument's. */
    private Optional<String> variableUsage(Operation op, List<Selection> selections, Document doc, Set<String> used) {
        for (Selection s : selections) {
            for (Selection.Directive d : s.directives) {
                d.args.values().forEach(v -> collectVariables(v, used));
            }
            if (s.spread != null) {
                Fragment f = doc.fragments.get(s.spread);
                if (f != null) {
                    Optional<String> inner = variableUsage(op, f.selections, doc, used);
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
                continue;
            }
            for (Map.Entry<String, Value> arg : s.args.entrySet()) {
                collectVariables(arg.getValue(), used);
                if (arg.getValue().kind == 'v' && s.name != null) {
                    GraphQLField field = rootFields.stream().filter(f -> f.operation().equals(op.kind) && f.name().equals(s.name))
                            .findFirst().orElse(null);
                    String declared = op.variables.get(arg.getValue().text);
                    if (field != null && declared != null) {
                        GraphQLField.Argument target = field.arguments().stream().filter(a -> a.name().equals(arg.getKey()))
                                .findFirst().orElse(null);
                        if (target != null && !fits(declared, target.type().text())) {
                            return Optional.of("$" + arg.getValue().text + " of type " + declared + " where " + target.type().text()
                                    + " is due");
                        }
                    }
                }
            }
            if (s.selections != null) {
                Optional<String> inner = variableUsage(op, s.selections, doc, used);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean fits(String variableType, String argumentType) {
        String strippedVar = variableType.endsWith("!") ? variableType.substring(0, variableType.length() - 1) : variableType;
        String strippedArg = argumentType.endsWith("!") ? argumentType.substring(0, argumentType.length() - 1) : argumentType;
        return strippedVar.equals(strippedArg) && (!argumentType.endsWith("!") || variableType.endsWith("!"));
    }

    private static void collectVariables(Value value, Set<String> into) {
        if (value.kind == 'v') {
            into.add(value.text);
        }
        if (value.items != null) {
            value.items.forEach(v -> collectVariables(v, into));
        }
        if (value.fields != null) {
            value.fields.values().forEach(v -> collectVariables(v, into));
        }
    }

    /** A literal against a type written like {@code [ID!]!} or an introspected reference. */
    private Optional<String> literal(Value value, GraphQLTypes.TypeRef type, Operation op) {
        if (value.kind == 'v') {
            return Optional.empty(); // checked with the variables
        }
        if (type.nonNull()) {
            return value.kind == 'n' ? Optional.of("null for non-null") : literal(value, type.ofType(), op);
        }
        if (value.kind == 'n') {
            return Optional.empty();
        }
        if (type.kind().equals("LIST")) {
            if (value.kind == 'l') {
                for (Value item : value.items) {
                    Optional<String> bad = literal(item, type.ofType(), op);
                    if (bad.isPresent()) {
                        return bad;
                    }
                }
                return Optional.empty();
            }
            return literal(value, type.ofType(), op);
        }
        String name = type.named().name();
        String kind = types.kindOf(type);
        if (kind.equals("ENUM")) {
            return value.kind == 'e' && enumValues(name).contains(value.text) ? Optional.empty() : Optional.of("not a " + name);
        }
        if (kind.equals("INPUT_OBJECT")) {
            if (value.kind != 'o') {
                return Optional.of("not an object");
            }
            JsonNode input = types.type(name).orElseThrow();
            for (String given : value.fields.keySet()) {
                boolean known = false;
                for (JsonNode f : input.path("inputFields")) {
                    known |= f.path("name").asText().equals(given);
                }
                if (!known) {
                    return Optional.of("unknown input field " + given);
                }
            }
            for (JsonNode f : input.path("inputFields")) {
                GraphQLTypes.TypeRef fieldType = GraphQLTypes.TypeRef.of(f.get("type"));
                Value v = value.fields.get(f.path("name").asText());
                if (v == null) {
                    if (fieldType.nonNull() && !f.hasNonNull("defaultValue")) {
                        return Optional.of("missing input field " + f.path("name").asText());
                    }
                    continue;
                }
                Optional<String> bad = literal(v, fieldType, op);
                if (bad.isPresent()) {
                    return bad;
                }
            }
            return Optional.empty();
        }
        return switch (name) {
            case "Int", "Long", "Short", "Byte", "BigInteger" -> value.kind == 'i' ? Optional.empty() : Optional.of("not an Int");
            case "Float", "BigDecimal" -> value.kind == 'i' || value.kind == 'f' ? Optional.empty() : Optional.of("not a Float");
            case "Boolean" -> value.kind == 'b' ? Optional.empty() : Optional.of("not a Boolean");
            case "ID" -> value.kind == 's' || value.kind == 'i' ? Optional.empty() : Optional.of("not an ID");
            default -> value.kind == 's' ? Optional.empty() : Optional.of("not a " + name);
        };
    }

    /** A variable's JSON value against its declared type text. */
    private Optional<String> jsonValue(JsonNode value, String typeText) {
        if (typeText.endsWith("!")) {
            if (value == null || value.isNull()) {
                return Optional.of("null for " + typeText);
            }
            return jsonValue(value, typeText.substring(0, typeText.length() - 1));
        }
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (typeText.startsWith("[")) {
            String item = typeText.substring(1, typeText.length() - 1);
            if (!value.isArray()) {
                return jsonValue(value, item);
            }
            for (JsonNode v : value) {
                Optional<String> bad = jsonValue(v, item);
                if (bad.isPresent()) {
                    return bad;
                }
            }
            return Optional.empty();
        }
        Optional<JsonNode> named = types.type(typeText);
        String kind = named.map(t -> t.path("kind").asText()).orElse("SCALAR");
        if (kind.equals("ENUM")) {
            return value.isTextual() && enumValues(typeText).contains(value.asText()) ? Optional.empty() : Optional.of("not a " + typeText);
        }
        if (kind.equals("INPUT_OBJECT")) {
            if (!value.isObject()) {
                return Optional.of("not an object");
            }
            for (JsonNode f : named.get().path("inputFields")) {
                GraphQLTypes.TypeRef fieldType = GraphQLTypes.TypeRef.of(f.get("type"));
                Optional<String> bad = jsonValue(value.get(f.path("name").asText()), fieldType.text());
                if (bad.isPresent()) {
                    return bad;
                }
            }
            return Optional.empty();
        }
        return switch (typeText) {
            case "Int", "Long", "Short", "Byte", "BigInteger" -> value.canConvertToExactIntegral() ? Optional.empty() : Optional.of("not an Int");
            case "Float", "BigDecimal" -> value.isNumber() ? Optional.empty() : Optional.of("not a Float");
            case "Boolean" -> value.isBoolean() ? Optional.empty() : Optional.of("not a Boolean");
            case "ID" -> value.isTextual() || value.canConvertToExactIntegral() ? Optional.empty() : Optional.of("not an ID");
            default -> value.isTextual() ? Optional.empty() : Optional.of("not a " + typeText);
        };
    }

    private Set<String> enumValues(String name) {
        Set<String> values = new HashSet<>();
        types.type(name).ifPresent(t -> t.path("enumValues").forEach(v -> values.add(v.path("name").asText())));
        return values;
    }

    private static boolean reaches(Document doc, String target, List<Selection> selections, Set<String> seen) {
        for (Selection s : selections) {
            if (s.spread != null) {
                if (s.spread.equals(target)) {
                    return true;
                }
                Fragment f = doc.fragments.get(s.spread);
                if (f != null && seen.add(f.name) && reaches(doc, target, f.selections, seen)) {
                    return true;
                }
            }
            if (s.selections != null && reaches(doc, target, s.selections, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Depth of the deepest field, fragments expanded; -1 for an unknown fragment. Counts fields as it goes. */
    private static int depth(Document doc, List<Selection> selections, int[] fields, int level) {
        int max = level;
        for (Selection s : selections) {
            if (s.spread != null) {
                Fragment f = doc.fragments.get(s.spread);
                if (f == null) {
                    return -1;
                }
                int d = depth(doc, f.selections, fields, level);
                if (d < 0) {
                    return -1;
                }
                max = Math.max(max, d);
            } else if (s.inlineOn != null) {
                max = Math.max(max, depth(doc, s.selections, fields, level));
            } else {
                fields[0]++;
                int d = s.selections == null ? level + 1 : depth(doc, s.selections, fields, level + 1);
                if (d < 0) {
                    return -1;
                }
                max = Math.max(max, d);
            }
        }
        return max;
    }

    // ------------------------------------------------------------------------------------------------ parsing

    static final class Syntax extends Exception {
        Syntax(String message) {
            super(message);
        }
    }

    record Document(List<Operation> operations, Map<String, Fragment> fragments, int tokens) {
    }

    record Operation(String kind, String name, Map<String, String> variables, List<Selection> selections) {
    }

    record Fragment(String name, List<Selection> selections) {
    }

    /** A field (name set), a fragment spread (spread set) or an inline fragment (inlineOn set). */
    record Selection(String alias, String name, Map<String, Value> args, List<Directive> directives, List<Selection> selections,
            String spread, String inlineOn) {

        record Directive(String name, Map<String, Value> args) {
        }
    }

    /** kind: v variable, i int, f float, s string, b boolean, n null, e enum, l list, o object. */
    record Value(char kind, String text, List<Value> items, Map<String, Value> fields) {

        @Override
        public String toString() {
            return kind + ":" + text + (items == null ? "" : items.toString()) + (fields == null ? "" : fields.toString());
        }
    }

    private static final class Parser {
        private final List<String> tokens = new ArrayList<>();
        private int at;

        Parser(String text) throws Syntax {
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c) || c == ',' || c == '\ufeff') {
                    i++;
                } else if (c == '#') {
                    while (i < text.length() && text.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == '.') {
                    if (!text.startsWith("...", i)) {
                        throw new Syntax("lone dot");
                    }
                    tokens.add("...");
                    i += 3;
                } else if ("!$&()[]{}:=@|".indexOf(c) >= 0) {
                    tokens.add(String.valueOf(c));
                    i++;
                } else if (c == '"') {
                    int end = i + 1;
                    while (end < text.length() && text.charAt(end) != '"') {
                        end += text.charAt(end) == '\\' ? 2 : 1;
                    }
                    if (end >= text.length()) {
                        throw new Syntax("unterminated string");
                    }
                    tokens.add(text.substring(i, end + 1));
                    i = end + 1;
                } else if (Character.isLetter(c) || c == '_') {
                    int end = i;
                    while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                        end++;
                    }
                    tokens.add(text.substring(i, end));
                    i = end;
                } else if (Character.isDigit(c) || c == '-') {
                    int end = i + 1;
                    while (end < text.length() && (Character.isDigit(text.charAt(end)) || ".eE+-".indexOf(text.charAt(end)) >= 0)) {
                        end++;
                    }
                    tokens.add(text.substring(i, end));
                    i = end;
                } else {
                    throw new Syntax("unexpected character " + c);
                }
            }
        }

        Document document() throws Syntax {
            List<Operation> operations = new ArrayList<>();
            Map<String, Fragment> fragments = new LinkedHashMap<>();
            if (tokens.isEmpty()) {
                throw new Syntax("empty document");
            }
            while (at < tokens.size()) {
                String t = peek();
                if (t.equals("{")) {
                    operations.add(new Operation("query", null, Map.of(), selectionSet()));
                } else if (t.equals("query") || t.equals("mutation") || t.equals("subscription")) {
                    next();
                    String name = isName(peek()) ? next() : null;
                    Map<String, String> variables = new LinkedHashMap<>();
                    if (peek().equals("(")) {
                        next();
                        while (!peek().equals(")")) {
                            expect("$");
                            String var = name(next());
                            expect(":");
                            variables.put(var, type());
                            if (peek().equals("=")) {
                                next();
                                value();
                            }
                        }
                        next();
                    }
                    directives();
                    operations.add(new Operation(t, name, variables, selectionSet()));
                } else if (t.equals("fragment")) {
                    next();
                    String name = name(next());
                    expect("on");
                    name(next());
                    directives();
                    fragments.put(name, new Fragment(name, selectionSet()));
                } else {
                    throw new Syntax("unexpected " + t);
                }
            }
            return new Document(operations, fragments, tokens.size());
        }

        private String type() throws Syntax {
            String text;
            if (peek().equals("[")) {
                next();
                text = "[" + type() + "]";
                expect("]");
            } else {
                text = name(next());
            }
            if (at < tokens.size() && peek().equals("!")) {
                next();
                text += "!";
            }
            return text;
        }

        private List<Selection> selectionSet() throws Syntax {
            expect("{");
            List<Selection> selections = new ArrayList<>();
            while (!peek().equals("}")) {
                if (peek().equals("...")) {
                    next();
                    if (peek().equals("on")) {
                        next();
                        String on = name(next());
                        List<Selection.Directive> directives = directives();
                        selections.add(new Selection(null, null, Map.of(), directives, selectionSet(), null, on));
                    } else {
                        String spread = name(next());
                        selections.add(new Selection(null, null, Map.of(), directives(), null, spread, null));
                    }
                    continue;
                }
                String first = name(next());
                String alias = null;
                String name = first;
                if (peek().equals(":")) {
                    next();
                    alias = first;
                    name = name(next());
                }
                Map<String, Value> args = arguments();
                List<Selection.Directive> directives = directives();
                List<Selection> sub = peek().equals("{") ? selectionSet() : null;
                selections.add(new Selection(alias, name, args, directives, sub, null, null));
            }
            next();
            if (selections.isEmpty()) {
                throw new Syntax("empty selection set");
            }
            return selections;
        }

        private Map<String, Value> arguments() throws Syntax {
            Map<String, Value> args = new LinkedHashMap<>();
            if (at < tokens.size() && peek().equals("(")) {
                next();
                while (!peek().equals(")")) {
                    String name = name(next());
                    expect(":");
                    if (args.put(name, value()) != null) {
                        throw new Syntax("argument " + name + " twice");
                    }
                }
                next();
                if (args.isEmpty()) {
                    throw new Syntax("empty arguments");
                }
            }
            return args;
        }

        private List<Selection.Directive> directives() throws Syntax {
            List<Selection.Directive> directives = new ArrayList<>();
            while (at < tokens.size() && peek().equals("@")) {
                next();
                String name = name(next());
                directives.add(new Selection.Directive(name, arguments()));
            }
            return directives;
        }

        private Value value() throws Syntax {
            String t = next();
            switch (t) {
                case "$" -> {
                    return new Value('v', name(next()), null, null);
                }
                case "[" -> {
                    List<Value> items = new ArrayList<>();
                    while (!peek().equals("]")) {
                        items.add(value());
                    }
                    next();
                    return new Value('l', null, items, null);
                }
                case "{" -> {
                    Map<String, Value> fields = new LinkedHashMap<>();
                    while (!peek().equals("}")) {
                        String name = name(next());
                        expect(":");
                        fields.put(name, value());
                    }
                    next();
                    return new Value('o', null, null, fields);
                }
                default -> {
                    if (t.startsWith("\"")) {
                        return new Value('s', t, null, null);
                    }
                    if (t.equals("true") || t.equals("false")) {
                        return new Value('b', t, null, null);
                    }
                    if (t.equals("null")) {
                        return new Value('n', t, null, null);
                    }
                    if (t.matches("-?(0|[1-9][0-9]*)")) {
                        return new Value('i', t, null, null);
                    }
                    if (t.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                        return new Value('f', t, null, null);
                    }
                    if (isName(t)) {
                        return new Value('e', t, null, null);
                    }
                    throw new Syntax("bad value " + t);
                }
            }
        }

        private String peek() throws Syntax {
            if (at >= tokens.size()) {
                throw new Syntax("unexpected end");
            }
            return tokens.get(at);
        }

        private String next() throws Syntax {
            String t = peek();
            at++;
            return t;
        }

        private void expect(String token) throws Syntax {
            String t = next();
            if (!t.equals(token)) {
                throw new Syntax("expected " + token + ", got " + t);
            }
        }

        private static boolean isName(String t) {
            return t.matches("[_A-Za-z][_0-9A-Za-z]*");
        }

        private static String name(String t) throws Syntax {
            if (!isName(t)) {
                throw new Syntax("expected a name, got " + t);
            }
            return t;
        }
    }
}
