using System.Globalization;

namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>
/// Parses Temporal's visibility query language (the common subset every visibility store supports)
/// into a <see cref="VisibilityQuery"/>:
/// <code>
/// query      := [or] [ORDER BY time-field [ASC|DESC]]
/// or         := and (OR and)*
/// and        := not (AND not)*
/// not        := NOT not | '(' or ')' | predicate
/// predicate  := field (op value | [NOT] IN '(' value (',' value)* ')' | STARTS_WITH value | IS [NOT] NULL)
/// </code>
/// Fields: WorkflowId, RunId, WorkflowType, TaskQueue (=, !=, IN, STARTS_WITH), ExecutionStatus
/// (=, !=, IN; by name: 'Running', 'Completed', ...), StartTime, CloseTime, ExecutionTime (all six
/// comparisons on RFC3339 times). Keywords and field names are case-insensitive; field names may be
/// `backticked`; strings use single or double quotes. An empty query lists everything. Queries
/// longer than <see cref="VisibilityQueryLimits.MaxQueryLength"/> characters or nested deeper than
/// <see cref="VisibilityQueryLimits.MaxNestingDepth"/> levels are refused.
/// </summary>
public static partial class VisibilityQueryParser
{
    /// <summary>Temporal's WorkflowExecutionStatus numbers by name.</summary>
    public static IReadOnlyDictionary<string, int> StatusValues { get; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["Running"] = 1,
        ["Completed"] = 2,
        ["Failed"] = 3,
        ["Canceled"] = 4,
        ["Terminated"] = 5,
        ["ContinuedAsNew"] = 6,
        ["TimedOut"] = 7,
    };

    /// <summary>
    /// Parses <paramref name="query"/>; throws <see cref="VisibilityQueryException"/> naming the
    /// position and what was expected. <paramref name="attributes"/> names the search attributes a
    /// query may also filter on (the namespace's custom ones and Temporal's system ones), by type.
    /// </summary>
    public static VisibilityQuery Parse(string? query, IReadOnlyDictionary<string, SearchAttributeType>? attributes = null)
    {
        query ??= "";
        if (query.Length > VisibilityQueryLimits.MaxQueryLength)
        {
            throw new VisibilityQueryException(query, VisibilityQueryLimits.MaxQueryLength, string.Create(CultureInfo.InvariantCulture,
                $"the query is {query.Length:N0} characters long; the limit is {VisibilityQueryLimits.MaxQueryLength:N0}."));
        }
        if (string.IsNullOrWhiteSpace(query))
        {
            return VisibilityQuery.All;
        }
        return new Parser(query, VisibilityQueryTokenizer.Tokenize(query), attributes ?? new Dictionary<string, SearchAttributeType>()).ParseQuery();
    }

    private sealed partial class Parser(string query, List<VisibilityQueryToken> tokens, IReadOnlyDictionary<string, SearchAttributeType> attributes)
    {
        private static readonly string FieldNames = string.Join(", ", Enum.GetNames<VisibilityField>());
        private int _next;
        private int _depth;

        private VisibilityQueryToken Current => tokens[_next];

        private VisibilityQueryToken Next => tokens[Math.Min(_next + 1, tokens.Count - 1)];

        private IReadOnlyDictionary<string, SearchAttributeType> Attributes => attributes;

        public VisibilityQuery ParseQuery()
        {
            VisibilityFilter? filter = null;
            if (!Current.IsKeyword("ORDER"))
            {
                filter = ParseOr();
            }
            VisibilityOrder? order = null;
            if (Current.IsKeyword("ORDER"))
            {
                order = ParseOrderBy();
            }
            if (Current.Kind != VisibilityQueryTokenKind.End)
            {
                throw Error(Current, $"expected AND, OR, ORDER BY or the end of the query, found {Current.Describe()}.");
            }
            return new VisibilityQuery(filter, order);
        }

        private VisibilityOrder ParseOrderBy()
        {
            Advance();
            if (!Current.IsKeyword("BY"))
            {
                throw Error(Current, $"expected BY after ORDER, found {Current.Describe()}.");
            }
            Advance();
            var fieldToken = Current;
            var field = ParseField();
            if (field is not (VisibilityField.StartTime or VisibilityField.CloseTime or VisibilityField.ExecutionTime))
            {
                throw Error(fieldToken, $"ORDER BY supports StartTime, CloseTime and ExecutionTime, not {field}.");
            }
            var descending = false;
            if (Current.IsKeyword("DESC"))
            {
                descending = true;
                Advance();
            }
            else if (Current.IsKeyword("ASC"))
            {
                Advance();
            }
            return new VisibilityOrder(field, descending);
        }

        /// <summary>A chain of ORs becomes one node, however long.</summary>
        private VisibilityFilter ParseOr()
        {
            var first = ParseAnd();
            if (!Current.IsKeyword("OR"))
            {
                return first;
            }
            var operands = new List<VisibilityFilter> { first };
            while (Current.IsKeyword("OR"))
            {
                Advance();
                operands.Add(ParseAnd());
            }
            return new VisibilityFilter.Or(operands);
        }

        /// <summary>A chain of ANDs becomes one node, however long.</summary>
        private VisibilityFilter ParseAnd()
        {
            var first = ParseNot();
            if (!Current.IsKeyword("AND"))
            {
                return first;
            }
            var operands = new List<VisibilityFilter> { first };
            while (Current.IsKeyword("AND"))
            {
                Advance();
                operands.Add(ParseNot());
            }
            return new VisibilityFilter.And(operands);
        }

        private VisibilityFilter ParseNot()
        {
            if (Current.IsKeyword("NOT"))
            {
                Enter(Current);
                Advance();
                var negated = new VisibilityFilter.Not(ParseNot());
                _depth--;
                return negated;
            }
            if (Current.Kind == VisibilityQueryTokenKind.OpenParen)
            {
                var open = Current;
                Enter(open);
                Advance();
                var inner = ParseOr();
                if (Current.Kind != VisibilityQueryTokenKind.CloseParen)
                {
                    throw Error(Current, $"expected ')' to close the '(' at position {open.Position}, found {Current.Describe()}.");
                }
                Advance();
                _depth--;
                return inner;
            }
            return ParsePredicate();
        }

        /// <summary>One more level of parentheses or NOT; refused beyond the limit, before the stack runs out.</summary>
        private void Enter(VisibilityQueryToken token)
        {
            if (++_depth > VisibilityQueryLimits.MaxNestingDepth)
            {
                throw Error(token, $"parentheses and NOT are nested more than {VisibilityQueryLimits.MaxNestingDepth} levels deep, the limit.");
            }
        }

        private VisibilityFilter ParsePredicate()
        {
            var fieldToken = Current;
            if (AttributeOf(fieldToken) is { } attribute)
            {
                Advance();
                return ParseAttributePredicate(fieldToken, attribute.Name, attribute.Type);
            }
            var field = ParseField();
            var kind = KindOf(field);
            var op = Current;
            if (op.Kind == VisibilityQueryTokenKind.Operator)
            {
                Advance();
                var comparison = ToComparison(op.Text);
                if (kind != VisibilityValueKind.Time && comparison is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
                {
                    throw Error(op, $"{field} supports {SupportedOperators(kind)}; '{op.Text}' works only on StartTime, CloseTime and ExecutionTime.");
                }
                return new VisibilityFilter.Compare(field, comparison, ParseValue(field));
            }
            if (op.IsKeyword("BETWEEN"))
            {
                if (kind != VisibilityValueKind.Time)
                {
                    throw Error(op, $"BETWEEN works only on StartTime, CloseTime and ExecutionTime, not {field}.");
                }
                Advance();
                var low = ParseValue(field);
                ExpectBetweenAnd();
                var high = ParseValue(field);
                return new VisibilityFilter.And(
                    new VisibilityFilter.Compare(field, ComparisonOperator.GreaterThanOrEqual, low),
                    new VisibilityFilter.Compare(field, ComparisonOperator.LessThanOrEqual, high));
            }
            if (op.IsKeyword("IN") || (op.IsKeyword("NOT") && tokens[_next + 1].IsKeyword("IN")))
            {
                var negated = op.IsKeyword("NOT");
                if (negated)
                {
                    Advance();
                }
                if (kind == VisibilityValueKind.Time)
                {
                    throw Error(Current, $"IN is not supported on {field}; use comparisons such as {field} >= '2024-01-01T00:00:00Z'.");
                }
                Advance();
                var values = ParseValueList(field);
                VisibilityFilter @in = new VisibilityFilter.In(field, values);
                return negated ? new VisibilityFilter.Not(@in) : @in;
            }
            if (op.IsKeyword("STARTS_WITH"))
            {
                if (kind != VisibilityValueKind.Text)
                {
                    throw Error(op, $"STARTS_WITH works on WorkflowId, RunId, WorkflowType and TaskQueue, not {field}.");
                }
                Advance();
                var prefix = Current;
                if (prefix.Kind != VisibilityQueryTokenKind.String)
                {
                    throw Error(prefix, $"expected a quoted prefix after STARTS_WITH, found {prefix.Describe()}.");
                }
                Advance();
                return new VisibilityFilter.StartsWith(field, prefix.Text);
            }
            if (op.IsKeyword("IS"))
            {
                Advance();
                var negated = false;
                if (Current.IsKeyword("NOT"))
                {
                    negated = true;
                    Advance();
                }
                if (!Current.IsKeyword("NULL"))
                {
                    throw Error(Current, $"expected NULL after IS{(negated ? " NOT" : "")}, found {Current.Describe()}.");
                }
                Advance();
                return new VisibilityFilter.Compare(field, negated ? ComparisonOperator.NotEqual : ComparisonOperator.Equal, null);
            }
            throw Error(op, $"expected an operator after {fieldToken.Text} ({SupportedOperators(kind)}, IS NULL, IS NOT NULL), found {op.Describe()}.");
        }

        private List<object> ParseValueList(VisibilityField field)
        {
            if (Current.Kind != VisibilityQueryTokenKind.OpenParen)
            {
                throw Error(Current, $"expected '(' after IN, found {Current.Describe()}.");
            }
            Advance();
            var values = new List<object> { ParseValue(field) };
            while (Current.Kind == VisibilityQueryTokenKind.Comma)
            {
                Advance();
                values.Add(ParseValue(field));
            }
            if (Current.Kind != VisibilityQueryTokenKind.CloseParen)
            {
                throw Error(Current, $"expected ',' or ')' in the IN list, found {Current.Describe()}.");
            }
            Advance();
            return values;
        }

        private object ParseValue(VisibilityField field)
        {
            var token = Current;
            switch (KindOf(field))
            {
                case VisibilityValueKind.Status:
                    if (token.Kind == VisibilityQueryTokenKind.String && StatusValues.TryGetValue(token.Text, out var status))
                    {
                        Advance();
                        return status;
                    }
                    if (token.Kind == VisibilityQueryTokenKind.Number && int.TryParse(token.Text, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 7)
                    {
                        Advance();
                        return number;
                    }
                    throw Error(token, $"expected an ExecutionStatus in quotes, one of {string.Join(", ", StatusValues.Keys.Select(k => $"'{k}'"))}; found {token.Describe()}.");
                case VisibilityValueKind.Time:
                    if (token.Kind == VisibilityQueryTokenKind.String
                        && DateTimeOffset.TryParse(token.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                    {
                        Advance();
                        return time;
                    }
                    throw Error(token, $"expected an RFC3339 time in quotes for {field}, such as '2024-01-02T15:04:05Z'; found {token.Describe()}.");
                default:
                    if (token.Kind == VisibilityQueryTokenKind.String)
                    {
                        Advance();
                        return token.Text;
                    }
                    throw Error(token, $"expected a value in quotes for {field}, found {token.Describe()}.");
            }
        }

        private VisibilityField ParseField()
        {
            var token = Current;
            if (token.Kind is not (VisibilityQueryTokenKind.Word or VisibilityQueryTokenKind.QuotedName))
            {
                throw Error(token, $"expected a field name ({FieldNames}), found {token.Describe()}.");
            }
            if (!Enum.TryParse<VisibilityField>(token.Text, ignoreCase: true, out var field) || !Enum.IsDefined(field))
            {
                throw Error(token, attributes.Count == 0
                    ? $"unknown field '{token.Text}'; the fields are {FieldNames}, and search attributes registered with AddSearchAttributes."
                    : $"unknown field '{token.Text}'; the fields are {FieldNames}, and the search attributes {string.Join(", ", attributes.Keys.Order(StringComparer.Ordinal))}.");
            }
            Advance();
            return field;
        }

        private void Advance()
        {
            if (_next < tokens.Count - 1)
            {
                _next++;
            }
        }

        private static ComparisonOperator ToComparison(string text) => text switch
        {
            "=" => ComparisonOperator.Equal,
            "!=" => ComparisonOperator.NotEqual,
            "<" => ComparisonOperator.LessThan,
            "<=" => ComparisonOperator.LessThanOrEqual,
            ">" => ComparisonOperator.GreaterThan,
            _ => ComparisonOperator.GreaterThanOrEqual,
        };

        private static VisibilityValueKind KindOf(VisibilityField field) => field switch
        {
            VisibilityField.ExecutionStatus => VisibilityValueKind.Status,
            VisibilityField.StartTime or VisibilityField.CloseTime or VisibilityField.ExecutionTime => VisibilityValueKind.Time,
            _ => VisibilityValueKind.Text,
        };

        private static string SupportedOperators(VisibilityValueKind kind) => kind switch
        {
            VisibilityValueKind.Text => "=, !=, IN and STARTS_WITH",
            VisibilityValueKind.Status => "=, != and IN",
            _ => "=, !=, <, <=, > and >=",
        };

        private VisibilityQueryException Error(VisibilityQueryToken token, string problem) => new(query, token.Position, problem);
    }
}
