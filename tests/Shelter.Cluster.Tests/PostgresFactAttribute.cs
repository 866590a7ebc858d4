namespace Shelter.Cluster.Tests;

/// <summary>A test that needs PostgreSQL (SHELTER_TEST_POSTGRES). Skipped without it, except in CI, where it must run.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "SHELTER_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"needs PostgreSQL: export {Variable} (ops/postgres.sh start DIR prints it); CI starts one";
        }
    }
}
