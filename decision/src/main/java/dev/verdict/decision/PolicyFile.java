package dev.verdict.decision;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON form of a {@link DecisionPolicy}. Jackson's streaming parser builds a small tree
 * whose nodes remember their line, so every error names the line it is about, also errors found
 * later, when the policy's names are bound (each rule keeps its line).
 */
final class PolicyFile {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Set<String> OPERATORS = Set.of("lt", "le", "gt", "ge", "eq", "ne", "in",
            "missing", "present");

    /** A JSON value and the line it starts on. */
    private record Node(Object value, int line) {
    }

    /** The file's name, for messages. */
    private final String source;

    private PolicyFile(String source) {
        this.source = source;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Node> object(Node n, String where) {
        if (!(n.value() instanceof Map)) {
            throw error(n, where + " must be an object");
        }
        return (Map<String, Node>) n.value();
    }

    @SuppressWarnings("unchecked")
    private List<Node> array(Node n, String where) {
        if (!(n.value() instanceof List)) {
            throw error(n, where + " must be an array");
        }
        return (List<Node>) n.value();
    }

    private String text(Node n, String where) {
        if (!(n.value() instanceof String s)) {
            throw error(n, where + " must be a string");
        }
        return s;
    }

    private double number(Node n, String where) {
        if (!(n.value() instanceof Double d)) {
            throw error(n, where + " must be a number");
        }
        return d;
    }

    private PolicyException error(Node n, String message) {
        return new PolicyException(at(n.line()) + ": " + message);
    }

    private String at(int line) {
        return source + ", line " + line;
    }

    static DecisionPolicy parse(String json, String source) {
        return new PolicyFile(source).parse(json);
    }

    private DecisionPolicy parse(String json) {
        Node root;
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new PolicyException(source + ": empty policy file");
            }
            root = read(p);
            if (p.nextToken() != null) {
                throw new PolicyException(at(line(p)) + ": unexpected content after the policy object");
            }
        } catch (JsonParseException e) {
            throw new PolicyException(at(e.getLocation().getLineNr()) + ": not valid JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyException(source + ": cannot read: " + e, e);
        }
        return policy(root);
    }

    private DecisionPolicy policy(Node root) {
        Map<String, Node> fields = object(root, "the policy");
        allowOnly(root, fields, "the policy", Set.of("policy", "rules", "challengers", "otherwise"));
        DecisionPolicy.Builder b = DecisionPolicy.builder(text(required(root, fields, "policy"), "'policy'"));
        List<Node> rules = array(required(root, fields, "rules"), "'rules'");
        if (rules.isEmpty()) {
            throw error(fields.get("rules"), "'rules' is empty: a policy needs at least one rule");
        }
        for (Node rule : rules) {
            b.add(rule(rule));
        }
        Node challengers = fields.get("challengers");
        if (challengers != null) {
            for (Map.Entry<String, Node> e : object(challengers, "'challengers'").entrySet()) {
                for (Node c : array(e.getValue(), "the challengers of '" + e.getKey() + "'")) {
                    b.challenger(e.getKey(), text(c, "a challenger"));
                }
            }
        }
        Node otherwise = fields.get("otherwise");
        if (otherwise == null) {
            throw error(root, "no default outcome: add \"otherwise\": \"REFER\" (or APPROVE, DECLINE),"
                    + " which decides when no rule does");
        }
        b.otherwise(outcome(otherwise, "'otherwise'"));
        return b.build(source + (challengers == null ? ""
                : ", line " + challengers.line()));
    }

    private Rule rule(Node node) {
        Map<String, Node> f = object(node, "a rule");
        String where = at(node.line());
        String id = text(required(node, f, "id"), "'id'");
        where += " (rule '" + id + "')";
        if (f.containsKey("bands")) {
            allowOnly(node, f, "a band rule", Set.of("id", "segment", "score", "bands"));
            Node segment = f.get("segment");
            String model = text(required(node, f, "score"), "'score' (the model whose score is cut)");
            List<Band> bands = new ArrayList<>();
            List<Node> list = array(f.get("bands"), "'bands'");
            for (int i = 0; i < list.size(); i++) {
                Node band = list.get(i);
                Map<String, Node> bf = object(band, "a band");
                allowOnly(band, bf, "a band", Set.of("below", "then"));
                Node below = bf.get("below");
                if (below == null && i < list.size() - 1) {
                    throw error(band, "band " + (i + 1) + " has no upper bound ('below'), so the"
                            + " bands after it could never apply; only the last band may be open");
                }
                try {
                    bands.add(new Band(below == null ? Double.POSITIVE_INFINITY : number(below, "'below'"),
                            outcome(required(band, bf, "then"), "'then'")));
                } catch (PolicyException e) {
                    throw e.getMessage().startsWith(source) ? e : error(band, e.getMessage());
                }
            }
            return new Rule(id, segment == null ? null : condition(segment), null, model,
                    DecisionPolicy.Builder.checkBands(where, bands), where);
        }
        allowOnly(node, f, "a rule", Set.of("id", "when", "then"));
        if (!f.containsKey("when")) {
            throw error(node, "rule '" + id + "' has neither 'when' (with 'then') nor 'bands'");
        }
        return new Rule(id, condition(f.get("when")), outcome(required(node, f, "then"), "'then'"),
                null, List.of(), where);
    }

    private Condition condition(Node node) {
        Map<String, Node> f = object(node, "a condition");
        String where = at(node.line());
        if (f.containsKey("all")) {
            allowOnly(node, f, "an 'all' condition", Set.of("all"));
            List<Node> parts = array(f.get("all"), "'all'");
            if (parts.isEmpty()) {
                throw error(node, "'all' needs at least one condition");
            }
            return Condition.allOf(parts.stream().map(this::condition).toArray(Condition[]::new))
                    .at(where);
        }
        boolean feature = f.containsKey("feature");
        if (feature == f.containsKey("score")) {
            throw error(node, "a condition tests either a \"feature\" or a model's \"score\", not "
                    + (feature ? "both" : "neither"));
        }
        Condition.Subject subject = feature
                ? Condition.feature(text(f.get("feature"), "'feature'"))
                : Condition.score(text(f.get("score"), "'score'"));
        String op = null;
        for (String key : f.keySet()) {
            if (key.equals("feature") || key.equals("score")) {
                continue;
            }
            if (!OPERATORS.contains(key)) {
                throw error(f.get(key), "unknown field '" + key + "' in a condition (operators: "
                        + "lt, le, gt, ge, eq, ne, in, missing, present)");
            }
            if (op != null) {
                throw error(f.get(key), "a condition has one operator; use {\"all\": [...]} to"
                        + " combine '" + op + "' and '" + key + "'");
            }
            op = key;
        }
        if (op == null) {
            throw error(node, "a condition needs an operator (lt, le, gt, ge, eq, ne, in, missing, present)");
        }
        Node v = f.get(op);
        try {
            Condition c = switch (op) {
                case "lt" -> subject.lessThan(number(v, "'lt'"));
                case "le" -> subject.atMost(number(v, "'le'"));
                case "gt" -> subject.greaterThan(number(v, "'gt'"));
                case "ge" -> subject.atLeast(number(v, "'ge'"));
                case "eq" -> subject.equalTo(number(v, "'eq'"));
                case "ne" -> subject.notEqualTo(number(v, "'ne'"));
                case "in" -> subject.in(array(v, "'in'").stream().mapToDouble(x -> number(x, "a value of 'in'")).toArray());
                case "missing" -> flag(v, "missing") ? subject.isMissing() : subject.isPresent();
                case "present" -> flag(v, "present") ? subject.isPresent() : subject.isMissing();
                default -> throw new AssertionError(op);
            };
            return c.at(where);
        } catch (PolicyException e) {
            throw e.getMessage().startsWith(source) ? e : error(v, e.getMessage());
        }
    }

    private boolean flag(Node v, String name) {
        if (!(v.value() instanceof Boolean b)) {
            throw error(v, "'" + name + "' must be true or false");
        }
        return b;
    }

    private Outcome outcome(Node node, String where) {
        String text = text(node, where);
        try {
            return Outcome.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(node, where + " must be APPROVE, REFER or DECLINE, got \"" + text + "\"");
        }
    }

    private Node required(Node parent, Map<String, Node> fields, String name) {
        Node n = fields.get(name);
        if (n == null) {
            throw error(parent, "missing field '" + name + "'");
        }
        return n;
    }

    private void allowOnly(Node parent, Map<String, Node> fields, String what, Set<String> allowed) {
        for (Map.Entry<String, Node> e : fields.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw error(e.getValue(), "unknown field '" + e.getKey() + "' in " + what
                        + " (allowed: " + allowed.stream().sorted().toList() + ")");
            }
        }
    }

    private Node read(JsonParser p) throws IOException {
        int line = line(p);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int fieldLine = line(p);
                    p.nextToken();
                    if (map.put(name, read(p)) != null) {
                        throw new PolicyException(at(fieldLine) + ": field '" + name + "' appears twice");
                    }
                }
                return new Node(map, line);
            }
            case START_ARRAY -> {
                List<Node> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return new Node(list, line);
            }
            case VALUE_STRING -> {
                return new Node(p.getText(), line);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Node(p.getDoubleValue(), line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(t == JsonToken.VALUE_TRUE, line);
            }
            case VALUE_NULL -> {
                return new Node(null, line);
            }
            default -> throw new PolicyException(at(line) + ": unexpected " + t);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
