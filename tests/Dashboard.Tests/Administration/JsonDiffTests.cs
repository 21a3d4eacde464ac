using Dashboard.Features.Administration;

namespace Dashboard.Tests.Administration;

public sealed class JsonDiffTests
{
    [Fact]
    public void Compare_ListsOnlyChangedProperties()
    {
        var changes = JsonDiff.Compare(
            """{"Name":"山田","Phone":"+819011112222","IsActive":true}""",
            """{"Name":"山田","Phone":"+819099998888","IsActive":false}""");

        Assert.Equal([new JsonChange("IsActive", "true", "false"), new JsonChange("Phone", "+819011112222", "+819099998888")], changes);
    }

    [Fact]
    public void Compare_Created_ShowsEveryNonNullValueAsNew()
    {
        var changes = JsonDiff.Compare(null, """{"Slug":"gamma","Note":null}""");

        Assert.Equal([new JsonChange("Slug", null, "gamma")], changes);
    }

    [Fact]
    public void Compare_Deleted_ShowsEveryValueAsGone()
    {
        var changes = JsonDiff.Compare("""{"TenantId":"t1","UserId":"u1"}""", null);

        Assert.Equal([new JsonChange("TenantId", "t1", null), new JsonChange("UserId", "u1", null)], changes);
    }

    [Fact]
    public void Compare_WalksIntoNestedObjectsAndArrays_ToTheChangedLeaf()
    {
        var changes = JsonDiff.Compare(
            """{"Steps":[{"DelayMinutes":0,"Targets":[{"ContactId":"a"}]},{"DelayMinutes":5,"Targets":[]}]}""",
            """{"Steps":[{"DelayMinutes":0,"Targets":[{"ContactId":"a"}]},{"DelayMinutes":10,"Targets":[]},{"DelayMinutes":15}]}""");

        Assert.Equal(
            [new JsonChange("Steps[1].DelayMinutes", "5", "10"), new JsonChange("Steps[2].DelayMinutes", null, "15")],
            changes);
    }

    [Fact]
    public void Compare_SameDocument_HasNoChanges() =>
        Assert.Empty(JsonDiff.Compare("""{"A":1,"B":[1,2]}""", """{"B":[1,2],"A":1}"""));

    [Theory]
    [InlineData("Phone", "Phone")]
    [InlineData("Steps[1].DelayMinutes", "DelayMinutes")]
    [InlineData("Urgencies[0]", "Urgencies")]
    public void LeafName_IsTheLastPropertyName(string path, string leaf) => Assert.Equal(leaf, JsonDiff.LeafName(path));
}
