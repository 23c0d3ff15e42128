using System.Linq.Expressions;

namespace Backends.Runtime;

/// <summary>Reads the member an <see cref="IRepository{T, TKey}.FindAsync"/> expression names, without compiling it.</summary>
public static class RepositoryMember
{
    /// <summary>
    /// The name of the property or field <paramref name="member"/> reads from its parameter (<c>x =&gt; x.Email</c> →
    /// <c>"Email"</c>); a conversion around it (<c>x =&gt; (object)x.Age</c>) is looked through.
    /// </summary>
    /// <exception cref="ArgumentException">The expression is not a direct member of the parameter (<c>x =&gt; x.Address.City</c>, a method call).</exception>
    public static string NameOf<T, TMember>(Expression<Func<T, TMember>> member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var body = member.Body;
        while (body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } conversion)
        {
            body = conversion.Operand;
        }

        if (body is MemberExpression { Expression: ParameterExpression } access)
        {
            return access.Member.Name;
        }

        throw new ArgumentException(
            $"FindAsync takes a member of the item, as in x => x.Email; \"{member}\" is not one.", nameof(member));
    }
}
