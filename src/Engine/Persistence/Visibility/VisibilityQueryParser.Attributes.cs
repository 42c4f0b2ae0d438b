using System.Globalization;

namespace Fencepost.Engine.Persistence.Visibility;

/// <summary>Predicates on search attributes: operators and values by the attribute's type.</summary>
public static partial class VisibilityQueryParser
{
    private sealed partial class Parser
    {
        /// <summary>The search attribute a field token names, unless it names a built-in field (those win).</summary>
        private (string Name, SearchAttributeType Type)? AttributeOf(VisibilityQueryToken token)
        {
            if (token.Kind is not (VisibilityQueryTokenKind.Word or VisibilityQueryTokenKind.QuotedName))
            {
                return null;
            }
            if (Enum.TryParse<VisibilityField>(token.Text, ignoreCase: true, out var field) && Enum.IsDefined(field))
            {
                return null;
            }
            return Attributes.TryGetValue(token.Text, out var type) ? (token.Text, type) : null;
        }

        private VisibilityFilter ParseAttributePredicate(VisibilityQueryToken nameToken, string name, SearchAttributeType type)
        {
            var op = Current;
            if (op.Kind == VisibilityQueryTokenKind.Operator)
            {
                Advance();
                var comparison = op.Text switch
                {
                    "=" => AttributeOperator.Equal,
                    "!=" => AttributeOperator.NotEqual,
                    "<" => AttributeOperator.LessThan,
                    "<=" => AttributeOperator.LessThanOrEqual,
                    ">" => AttributeOperator.GreaterThan,
                    _ => AttributeOperator.GreaterThanOrEqual,
                };
                if (comparison is not (AttributeOperator.Equal or AttributeOperator.NotEqual) && !IsOrdered(type))
                {
                    throw Error(op, $"{name} is a {type} search attribute: it supports {AttributeOperators(type)}, not '{op.Text}'.");
                }
                return new VisibilityFilter.SearchAttribute(name, type, comparison, [ParseAttributeValue(name, type)]);
            }
            if (op.IsKeyword("BETWEEN"))
            {
                if (!IsOrdered(type))
                {
                    throw Error(op, $"{name} is a {type} search attribute: it supports {AttributeOperators(type)}, not BETWEEN.");
                }
                Advance();
                var low = ParseAttributeValue(name, type);
                ExpectBetweenAnd();
                var high = ParseAttributeValue(name, type);
                return new VisibilityFilter.And(
                    new VisibilityFilter.SearchAttribute(name, type, AttributeOperator.GreaterThanOrEqual, [low]),
                    new VisibilityFilter.SearchAttribute(name, type, AttributeOperator.LessThanOrEqual, [high]));
            }
            if (op.IsKeyword("IN") || (op.IsKeyword("NOT") && Next.IsKeyword("IN")))
            {
                var negated = op.IsKeyword("NOT");
                if (negated)
                {
                    Advance();
                }
                if (type is SearchAttributeType.Text)
                {
                    throw Error(Current, $"{name} is a Text search attribute: it supports {AttributeOperators(type)}, not IN.");
                }
                Advance();
                if (Current.Kind != VisibilityQueryTokenKind.OpenParen)
                {
                    throw Error(Current, $"expected '(' after IN, found {Current.Describe()}.");
                }
                Advance();
                var values = new List<object> { ParseAttributeValue(name, type) };
                while (Current.Kind == VisibilityQueryTokenKind.Comma)
                {
                    Advance();
                    values.Add(ParseAttributeValue(name, type));
                }
                if (Current.Kind != VisibilityQueryTokenKind.CloseParen)
                {
                    throw Error(Current, $"expected ',' or ')' in the IN list, found {Current.Describe()}.");
                }
                Advance();
                VisibilityFilter @in = new VisibilityFilter.SearchAttribute(name, type, AttributeOperator.In, values);
                return negated ? new VisibilityFilter.Not(@in) : @in;
            }
            if (op.IsKeyword("STARTS_WITH"))
            {
                if (type is not (SearchAttributeType.Keyword or SearchAttributeType.KeywordList))
                {
                    throw Error(op, $"{name} is a {type} search attribute: it supports {AttributeOperators(type)}, not STARTS_WITH.");
                }
                Advance();
                var prefix = Current;
                if (prefix.Kind != VisibilityQueryTokenKind.String)
                {
                    throw Error(prefix, $"expected a quoted prefix after STARTS_WITH, found {prefix.Describe()}.");
                }
                Advance();
                return new VisibilityFilter.SearchAttribute(name, type, AttributeOperator.StartsWith, [prefix.Text]);
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
                return new VisibilityFilter.SearchAttribute(name, type, negated ? AttributeOperator.IsNotNull : AttributeOperator.IsNull, []);
            }
            throw Error(op, $"expected an operator after {nameToken.Text} ({AttributeOperators(type)}), found {op.Describe()}.");
        }

        private void ExpectBetweenAnd()
        {
            if (!Current.IsKeyword("AND"))
            {
                throw Error(Current, $"expected AND between the two bounds of BETWEEN, found {Current.Describe()}.");
            }
            Advance();
        }

        private object ParseAttributeValue(string name, SearchAttributeType type)
        {
            var token = Current;
            var text = token.Text;
            object? value = type switch
            {
                SearchAttributeType.Keyword or SearchAttributeType.Text or SearchAttributeType.KeywordList =>
                    token.Kind == VisibilityQueryTokenKind.String ? text : null,
                SearchAttributeType.Int =>
                    token.Kind is VisibilityQueryTokenKind.Number or VisibilityQueryTokenKind.String
                    && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) ? integer : null,
                SearchAttributeType.Double =>
                    token.Kind is VisibilityQueryTokenKind.Number or VisibilityQueryTokenKind.String
                    && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null,
                SearchAttributeType.Bool =>
                    token.Kind is VisibilityQueryTokenKind.Word or VisibilityQueryTokenKind.String && bool.TryParse(text, out var flag) ? flag : null,
                _ =>
                    token.Kind == VisibilityQueryTokenKind.String
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null,
            };
            if (value is null)
            {
                throw Error(token, $"{name} is a {type} search attribute; expected {ValueShape(type)}, found {token.Describe()}.");
            }
            Advance();
            return value;
        }

        private static bool IsOrdered(SearchAttributeType type) =>
            type is SearchAttributeType.Keyword or SearchAttributeType.Int or SearchAttributeType.Double or SearchAttributeType.Datetime;

        private static string AttributeOperators(SearchAttributeType type) => type switch
        {
            SearchAttributeType.Keyword => "=, !=, <, <=, >, >=, BETWEEN, IN, STARTS_WITH and IS NULL",
            SearchAttributeType.KeywordList => "= (holds), !=, IN, STARTS_WITH and IS NULL",
            SearchAttributeType.Text => "= (contains), != and IS NULL",
            SearchAttributeType.Bool => "=, !=, IN and IS NULL",
            _ => "=, !=, <, <=, >, >=, BETWEEN, IN and IS NULL",
        };

        private static string ValueShape(SearchAttributeType type) => type switch
        {
            SearchAttributeType.Int => "an integer such as 42",
            SearchAttributeType.Double => "a number such as 4.2",
            SearchAttributeType.Bool => "true or false",
            SearchAttributeType.Datetime => "an RFC3339 time in quotes, such as '2024-01-02T15:04:05Z'",
            _ => "a value in quotes",
        };
    }
}
