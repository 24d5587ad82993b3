using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Core.Definitions;
using Workflows.Core.Runtime;
using Workflows.Core.Validation;
using Workflows.Persistence.Database;
using Workflows.Persistence.Definitions;

namespace Workflows.Persistence.Tests.Definitions;

public sealed class EfWorkflowDefinitionStoreTests
{
    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task Create_MakesADraftThatTheEngineCannotStartUntilPublished(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        var store = fixture.Definitions;

        var draft = await store.CreateAsync(Flows.Approval("leave"), "designer", default);

        Assert.Equal((1, true, false), (draft.Version, draft.IsLatest, draft.IsPublished));
        Assert.Null(await store.FindAsync("leave", null, default));
        Assert.Null(await store.FindAsync("leave", 1, default));
        var refused = await Assert.ThrowsAsync<WorkflowCommandException>(() => fixture.StartAsync("leave"));
        Assert.Equal(ErrorCodes.DefinitionNotFound, refused.Code);

        var published = await store.PublishAsync("leave", "publisher", default);

        Assert.True(published.Succeeded);
        Assert.Equal(1, (await store.FindAsync("leave", null, default))!.Version);
        Assert.Equal(WorkflowStatus.Running, (await fixture.StartAsync("leave")).Status);
        var version = Assert.Single(await store.ListVersionsAsync("leave", default));
        Assert.Equal((true, true, "designer", "publisher"), (version.IsLatest, version.IsPublished, version.CreatedBy, version.PublishedBy));
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task Create_RefusesAnIdThatExists(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.Definitions.CreateAsync(Flows.Approval("leave"), "designer", default);

        var refused = await Assert.ThrowsAsync<WorkflowCommandException>(
            () => fixture.Definitions.CreateAsync(Flows.Approval("leave"), "designer", default));

        Assert.Equal(DefinitionErrorCodes.DefinitionExists, refused.Code);
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task EditingAPublishedDefinition_CreatesADraftAndRunningInstancesStayOnTheirVersion(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        var store = fixture.Definitions;
        await fixture.PublishAsync(Flows.Approval("leave"));
        var running = await fixture.StartAsync("leave");

        var edited = (await store.GetAsync("leave", VersionSelector.Latest, default))!;
        edited.Name = "请假审批（新）";
        var draft = await store.SaveDraftAsync(edited, "designer", default);
        draft.Description = "saved twice";
        var saved = await store.SaveDraftAsync(draft, "designer", default);

        Assert.Equal((2, false), (saved.Version, saved.IsPublished));
        Assert.Equal([2, 1], (await store.ListVersionsAsync("leave", default)).Select(v => v.Version));
        Assert.Equal("saved twice", (await store.GetAsync("leave", VersionSelector.Exactly(2), default))!.Description);
        Assert.Equal(1, (await store.GetAsync("leave", VersionSelector.Published, default))!.Version);
        Assert.Equal(1, (await store.FindAsync("leave", null, default))!.Version);

        Assert.True((await store.PublishAsync("leave", "publisher", default)).Succeeded);

        Assert.Equal("请假审批（新）", (await store.FindAsync("leave", null, default))!.Name);
        Assert.Equal((2, 1), ((await fixture.StartAsync("leave")).DefinitionVersion, running.DefinitionVersion));
        Assert.Equal(WorkflowStatus.Completed, (await fixture.CompleteAsync(running, "review", "approve")).Status);
        var summary = Assert.Single(await store.ListAsync(default));
        Assert.Equal((2, (int?)2), (summary.LatestVersion, summary.PublishedVersion));
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task SaveDraft_RefusesAnEditOfAVersionThatIsNoLongerTheLatest(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        var stale = (await fixture.Definitions.GetAsync("leave", VersionSelector.Latest, default))!;
        await fixture.Definitions.SaveDraftAsync((await fixture.Definitions.GetAsync("leave", VersionSelector.Latest, default))!, "other", default);

        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => fixture.Definitions.SaveDraftAsync(stale, "designer", default));
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task TwoConcurrentSavesOfOneDraft_ExactlyOneFails(DatabaseProvider provider)
    {
        var rendezvous = new LoadRendezvous("DefinitionVersions", parties: 2);
        await using var fixture = await PersistenceFixture.StartAsync(provider, s => s.AddSingleton<IInterceptor>(rendezvous));
        await fixture.Definitions.CreateAsync(Flows.Approval("leave"), "designer", default);

        rendezvous.Armed = true;
        var errors = await SaveConcurrentlyAsync(fixture, "甲", "乙");

        Assert.IsType<WorkflowConcurrencyException>(Assert.Single(errors, e => e is not null));
        Assert.Single(await fixture.Definitions.ListVersionsAsync("leave", default));
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task TwoConcurrentEditsOfAPublishedVersion_CreateOneDraft(DatabaseProvider provider)
    {
        var rendezvous = new LoadRendezvous("DefinitionVersions", parties: 2);
        await using var fixture = await PersistenceFixture.StartAsync(provider, s => s.AddSingleton<IInterceptor>(rendezvous));
        await fixture.PublishAsync(Flows.Approval("leave"));

        rendezvous.Armed = true;
        var errors = await SaveConcurrentlyAsync(fixture, "甲", "乙");

        Assert.IsType<WorkflowConcurrencyException>(Assert.Single(errors, e => e is not null));
        Assert.Equal([2, 1], (await fixture.Definitions.ListVersionsAsync("leave", default)).Select(v => v.Version));
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task Publish_WithValidationErrors_ReturnsThemAndPublishesNothing(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));
        await fixture.Definitions.SaveDraftAsync(Flows.Broken("leave"), "designer", default);

        var result = await fixture.Definitions.PublishAsync("leave", "publisher", default);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Code == ValidationCodes.ConnectionTargetMissing && p.Severity == ValidationSeverity.Error);
        Assert.Equal(1, (await fixture.Definitions.FindAsync("leave", null, default))!.Version);
        Assert.Null(await fixture.Definitions.FindAsync("leave", 2, default));
        var versions = await fixture.Definitions.ListVersionsAsync("leave", default);
        Assert.Equal([(2, false), (1, true)], versions.Select(v => (v.Version, v.IsPublished)));
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task Revert_MakesADraftCopyOfTheOldVersion(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        var store = fixture.Definitions;
        await fixture.PublishAsync(Flows.Approval("leave", "第一版"));
        await store.SaveDraftAsync(Flows.Approval("leave", "第二版"), "designer", default);
        await store.PublishAsync("leave", "publisher", default);

        var reverted = await store.RevertAsync("leave", 1, "designer", default);

        Assert.Equal((3, "第一版", false), (reverted.Version, reverted.Name, reverted.IsPublished));
        Assert.Equal("第二版", (await store.FindAsync("leave", null, default))!.Name);
        var missing = await Assert.ThrowsAsync<WorkflowCommandException>(() => store.RevertAsync("leave", 9, "designer", default));
        Assert.Equal(DefinitionErrorCodes.VersionNotFound, missing.Code);
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task ExportAndImport_RoundTripAsDraftOrAsANewDefinition(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        var store = fixture.Definitions;
        await fixture.PublishAsync(Flows.Approval("leave"));

        var json = (await store.ExportAsync("leave", VersionSelector.Published, default))!;
        var copy = (await store.ImportAsync(json, "leave-copy", "designer", new ImportOptions(), default)).Definition!;
        var draft = (await store.ImportAsync(json.Replace("请假审批", "请假审批 v2"), null, "designer", new ImportOptions(), default)).Definition!;

        Assert.DoesNotContain("\"version\"", json);
        Assert.Equal(Flows.Approval("leave").Root.Activities.Count, WorkflowDefinitionSerializer.Deserialize(json).Root.Activities.Count);
        Assert.Equal(("leave-copy", 1, false), (copy.DefinitionId, copy.Version, copy.IsPublished));
        Assert.Equal(("leave", 2, "请假审批 v2"), (draft.DefinitionId, draft.Version, draft.Name));
        var notJson = await Assert.ThrowsAsync<WorkflowCommandException>(() => store.ImportAsync("{ nope", null, "designer", new ImportOptions(), default));
        Assert.Equal(ErrorCodes.InvalidDefinition, notJson.Code);
        var taken = await Assert.ThrowsAsync<WorkflowCommandException>(() => store.ImportAsync(json, "leave-copy", "designer", new ImportOptions(), default));
        Assert.Equal(DefinitionErrorCodes.DefinitionExists, taken.Code);
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task ImportDirectory_PublishesValidFilesAndNeverOverwritesAnExistingDefinition(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        var folder = Directory.CreateTempSubdirectory("workflows-import-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "leave.json"), Flows.ApprovalJson("leave"));
            await File.WriteAllTextAsync(Path.Combine(folder, "broken.json"),
                WorkflowDefinitionSerializer.Serialize(Flows.Broken("broken")));
            await File.WriteAllTextAsync(Path.Combine(folder, "garbage.json"), "{ not json");

            var first = await fixture.Definitions.ImportDirectoryAsync(folder, default);

            Assert.Equal([("broken", false), ("leave", true)], first.Imported.Select(i => (i.DefinitionId, i.Published)));
            Assert.NotEmpty(first.Imported[0].Problems);
            Assert.Equal("garbage.json", Assert.Single(first.Failed).File);
            Assert.NotNull(await fixture.Definitions.FindAsync("leave", null, default));

            await fixture.Definitions.SaveDraftAsync(Flows.Approval("leave", "管理员修改"), "admin", default);
            var second = await fixture.Definitions.ImportDirectoryAsync(folder, default);

            Assert.Empty(second.Imported);
            Assert.Equal(["broken", "leave"], second.SkippedExisting);
            Assert.Equal("管理员修改", (await fixture.Definitions.GetAsync("leave", VersionSelector.Latest, default))!.Name);
            Assert.Empty((await fixture.Definitions.ImportDirectoryAsync(Path.Combine(folder, "missing"), default)).Imported);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(PersistenceFixture.Providers), MemberType = typeof(PersistenceFixture))]
    public async Task Find_ParsesAPublishedVersionOnce(DatabaseProvider provider)
    {
        await using var fixture = await PersistenceFixture.StartAsync(provider);
        await fixture.PublishAsync(Flows.Approval("leave"));

        var first = await fixture.Definitions.FindAsync("leave", null, default);
        var second = await fixture.Definitions.FindAsync("leave", 1, default);

        Assert.Same(first, second);
        Assert.NotSame(first, await fixture.Definitions.GetAsync("leave", VersionSelector.Exactly(1), default));
    }

    [Theory]
    [InlineData(null, "latest")]
    [InlineData("Latest", "latest")]
    [InlineData("published", "published")]
    [InlineData("3", "3")]
    public void VersionSelector_ReadsTheQueryValues(string? text, string expected)
    {
        Assert.True(VersionSelector.TryParse(text, out var selector));
        Assert.Equal(expected, selector.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("newest")]
    public void VersionSelector_RefusesOtherValues(string text) => Assert.False(VersionSelector.TryParse(text, out _));

    /// <summary>Each named designer saves the draft on its own thread; returns what each one threw, or null.</summary>
    private static Task<Exception?[]> SaveConcurrentlyAsync(PersistenceFixture fixture, params string[] designers) =>
        Task.WhenAll(designers.Select(name => Task.Run(async () =>
        {
            try
            {
                await fixture.Definitions.SaveDraftAsync(Flows.Approval("leave", name), name, default);
                return null;
            }
            catch (Exception ex)
            {
                return (Exception?)ex;
            }
        })));
}
