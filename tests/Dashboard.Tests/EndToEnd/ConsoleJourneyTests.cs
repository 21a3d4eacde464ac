using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>The operator's side: recording a call with the keyboard, being told what is wrong without losing anything, the board.</summary>
public sealed class ConsoleJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    [Fact]
    public async Task InvalidCallbackNumber_IsShownNextToTheField_AndNothingTypedIsLost()
    {
        var subject = $"予約の変更 {Guid.NewGuid().ToString("N")[..6]}";
        var console = await SignInAsync("operator", TestWorld.Operator, "/console");

        // Saving an empty form names every missing field in the page's language, and visiting a field keeps it so.
        await console.GetByTestId("save").ClickAsync();
        await Expect(FieldControl(console, "tenant").GetByText("クライアント企業を選んでください。")).ToBeVisibleAsync();
        await Expect(FieldControl(console, "callerName").GetByText("入力してください。")).ToBeVisibleAsync();
        await Expect(FieldControl(console, "callbackNumber").GetByText("折り返し先を入力してください。")).ToBeVisibleAsync();
        await Expect(FieldControl(console, "subject").GetByText("入力してください。")).ToBeVisibleAsync();
        await Expect(console.Field("callerName")).ToHaveAttributeAsync("aria-required", "true");
        await console.Field("callerName").FocusAsync();
        await console.Field("callerName").PressAsync("Tab");
        await Expect(FieldControl(console, "callerName").GetByText("入力してください。")).ToBeVisibleAsync();
        await Expect(console.GetByText("Required", new PageGetByTextOptions { Exact = true })).ToHaveCountAsync(0);

        await console.PickTenantAsync("alpha", "アルファ歯科 (alpha-clinic)");
        await console.GetByTestId("urgency-Urgent").ClickAsync();
        await console.Field("callerName").FillAsync("佐藤 一郎");
        await console.Field("callbackNumber").FillAsync("12345");
        await console.Field("subject").FillAsync(subject);
        await console.Field("body").FillAsync("明日の予約を来週に変更したい");

        // Leaving the field checks the number; the message sits under that field, not somewhere else.
        var callbackField = FieldControl(console, "callbackNumber");
        await Expect(callbackField.GetByText("電話番号として正しくありません")).ToBeVisibleAsync();
        await Expect(console.Field("callbackNumber")).ToHaveAttributeAsync("aria-invalid", "true");
        // The fields filled in since the empty save no longer complain.
        await Expect(FieldControl(console, "callerName").GetByText("入力してください。")).ToHaveCountAsync(0);
        await Expect(FieldControl(console, "subject").GetByText("入力してください。")).ToHaveCountAsync(0);
        await Expect(FieldControl(console, "tenant").GetByText("クライアント企業を選んでください。")).ToHaveCountAsync(0);
        await ScreenshotAsync(console, "console-invalid-callback.png");

        // Saving anyway saves nothing and keeps every field as typed.
        await console.GetByTestId("save").ClickAsync();
        await Expect(callbackField.GetByText("電話番号として正しくありません")).ToBeVisibleAsync();
        await ExpectFormAsync(console, "12345");
        Assert.Empty(await ApiMessages.ListAsync(Fixture, TestWorld.TenantAKey));

        // Even a reload (a dropped connection, a closed tab) keeps what was typed.
        await console.ReloadAsync();
        await console.WaitForInteractiveAsync();
        await ExpectFormAsync(console, "12345");

        // Correcting the number clears the message and the call is recorded with the number in E.164.
        await console.Field("callbackNumber").FillAsync("03-1234-5678");
        await console.Field("subject").FocusAsync();
        await Expect(callbackField.GetByText("電話番号として正しくありません")).ToHaveCountAsync(0);
        await Expect(callbackField.GetByText("(+81312345678)")).ToBeVisibleAsync();
        await console.GetByTestId("save").ClickAsync();
        await Expect(console.GetByTestId("save-success").Filter(new LocatorFilterOptions { HasText = subject })).ToBeVisibleAsync();
        var saved = Assert.Single(await ApiMessages.ListAsync(Fixture, TestWorld.TenantAKey));
        Assert.Equal(subject, saved.GetProperty("subject").GetString());
        Assert.Equal("+81312345678", saved.GetProperty("callbackNumber").GetString());
        Assert.Equal("Urgent", saved.GetProperty("urgency").GetString());
        Assert.Equal("佐藤 一郎", saved.GetProperty("callerName").GetString());
    }

    [Fact]
    public async Task CtrlEnterSavesAnEmergency_AndTheBoardShowsItOpenWithTheTenantName()
    {
        var subject = $"水道管の破裂 {Guid.NewGuid().ToString("N")[..6]}";
        var console = await SignInAsync("operator", TestWorld.Operator, "/console");
        await console.PickTenantAsync("アルファ", "アルファ歯科 (alpha-clinic)");
        await console.GetByTestId("urgency-Emergency").ClickAsync();
        await console.Field("callerName").FillAsync("管理人 鈴木");
        await console.Field("callbackNumber").FillAsync("+81 3 1234 5678");
        await console.Field("subject").FillAsync(subject);
        await console.Field("body").FillAsync("2階の水道管が破裂して診療室が水浸し");

        // The operator never leaves the keyboard: Ctrl+Enter in the message body saves.
        await console.Field("body").PressAsync("Control+Enter");
        await Expect(console.GetByTestId("save-success").Filter(new LocatorFilterOptions { HasText = subject })).ToBeVisibleAsync();
        await Expect(console.Field("subject")).ToHaveValueAsync("");
        var recent = console.MessageCard(subject);
        await Expect(recent).ToBeVisibleAsync();
        await Expect(recent.GetByTestId("tenant-name")).ToContainTextAsync("アルファ歯科");

        // A second message, for the other tenant, acknowledged at once: the board lists only what is still open.
        var taken = $"ベータの至急 {Guid.NewGuid().ToString("N")[..6]}";
        var takenId = await ApiMessages.PostAsync(Fixture, "beta-build", taken, "Urgent");
        using (var tenantB = Fixture.KeyClient(TestWorld.TenantBKey))
        {
            using var ack = await tenantB.PostAsync($"/api/v1/messages/{takenId}/acknowledge", null, TestContext.Current.CancellationToken);
            ack.EnsureSuccessStatusCode();
        }

        await console.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "至急ボード" }).ClickAsync();
        await console.WaitForURLAsync("**/board");
        var card = console.GetByTestId("board").Locator("[data-testid='message-card']").Filter(new LocatorFilterOptions { HasText = subject });
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToHaveAttributeAsync("data-status", "New");
        await Expect(card.GetByTestId("tenant-name")).ToHaveTextAsync("アルファ歯科");
        await Expect(card.GetByTestId("urgency")).ToHaveAttributeAsync("data-urgency", "Emergency");
        await Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bopen-emergency\b"));
        await Expect(console.GetByTestId("board-open-count")).ToContainTextAsync("未対応 1 件");
        // Acknowledged but unresolved stays on the board, after the open ones, marked as taken.
        var takenCard = console.GetByTestId("board").Locator("[data-testid='message-card']").Filter(new LocatorFilterOptions { HasText = taken });
        await Expect(takenCard).ToHaveAttributeAsync("data-status", "Acknowledged");
        await Expect(takenCard.GetByTestId("tenant-name")).ToHaveTextAsync("ベータ建設");
        await Expect(console.GetByTestId("board").Locator("[data-testid='message-card']").First).ToContainTextAsync(subject);
        await ScreenshotAsync(console, "board.png");
    }

    [Fact]
    public async Task CtrlEnterWithTheClientListOpen_NeverPicksTheHighlightedClient_AndSavingLeavesTheUrgencyButtonsClear()
    {
        var subject = $"折り返し希望 {Guid.NewGuid().ToString("N")[..6]}";
        var console = await SignInAsync("operator", TestWorld.Operator, "/console");
        await console.PickTenantAsync("alpha", "アルファ歯科 (alpha-clinic)");

        // 緊急 colours the chosen button only; the others keep their neutral colour.
        await console.GetByTestId("urgency-Emergency").ClickAsync();
        await Expect(console.GetByTestId("emergency-banner")).ToBeVisibleAsync();
        var error = await ErrorColourAsync(console);
        await Expect(console.GetByTestId("urgency-Emergency")).ToHaveCSSAsync("background-color", error);
        await Expect(console.GetByTestId("urgency-Normal")).Not.ToHaveCSSAsync("color", error);
        await Expect(console.GetByTestId("urgency-Urgent")).Not.ToHaveCSSAsync("color", error);
        await Expect(console.GetByTestId("urgency-Normal")).Not.ToHaveCSSAsync("border-color", error);

        await console.Field("callerName").FillAsync("管理人 鈴木");
        await console.Field("callbackNumber").FillAsync("03-1234-5678");
        await console.Field("subject").FillAsync(subject);

        // Back in the client field, typing another client's name opens the list on it; Ctrl+Enter must not pick it.
        var field = console.Field("tenant");
        await field.ClickAsync();
        await field.FillAsync("");
        await field.PressSequentiallyAsync("ベータ", new LocatorPressSequentiallyOptions { Delay = 50 });
        await Expect(console.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "ベータ建設" })).ToHaveCountAsync(1);
        await field.PressAsync("Control+Enter");
        await field.PressAsync("Escape");
        // Escape may keep or clear the typed text (MudAutocomplete coerces it depending on timing); what must hold is
        // that the highlighted client was not picked and nothing was saved for either client.
        await Expect(field).Not.ToHaveValueAsync(new System.Text.RegularExpressions.Regex("beta-build|ベータ建設"));
        Assert.Empty(await ApiMessages.ListAsync(Fixture, TestWorld.TenantBKey));
        Assert.Empty(await ApiMessages.ListAsync(Fixture, TestWorld.TenantAKey));

        // Picked properly, it saves; the list stays closed over the urgency buttons and the notice sits in the form's column.
        await field.FillAsync("");
        await console.PickTenantAsync("alpha", "アルファ歯科 (alpha-clinic)");
        await console.Field("subject").PressAsync("Control+Enter");
        var notice = console.GetByTestId("save-success").Filter(new LocatorFilterOptions { HasText = subject });
        await Expect(notice).ToBeVisibleAsync();
        Assert.Single(await ApiMessages.ListAsync(Fixture, TestWorld.TenantAKey));
        Assert.Empty(await ApiMessages.ListAsync(Fixture, TestWorld.TenantBKey));
        await Expect(field).ToBeFocusedAsync();
        await Expect(console.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Expect(console.Locator(".mud-snackbar")).ToHaveCountAsync(0);
        var form = await console.GetByTestId("console-form").BoundingBoxAsync();
        var shown = await notice.BoundingBoxAsync();
        Assert.True(shown!.X + shown.Width <= form!.X + form.Width + 1, "the notice stays inside the form's column");
        await ScreenshotAsync(console, "console-saved.png");
    }

    private static Task<string> ErrorColourAsync(IPage page) =>
        page.EvaluateAsync<string>("""
            () => { const probe = document.createElement('span'); probe.style.color = 'var(--mud-palette-error)'; document.body.appendChild(probe);
                    const colour = getComputedStyle(probe).color; probe.remove(); return colour; }
            """);

    [Fact]
    public async Task SaveWhileDatabaseFails_TellsTheOperator_AndKeepsEverythingTyped()
    {
        var subject = $"予約の変更 {Guid.NewGuid().ToString("N")[..6]}";
        var console = await SignInAsync("operator", TestWorld.Operator, "/console");
        await console.PickTenantAsync("alpha", "アルファ歯科 (alpha-clinic)");
        await console.GetByTestId("urgency-Urgent").ClickAsync();
        await console.Field("callerName").FillAsync("佐藤 一郎");
        await console.Field("callbackNumber").FillAsync("03-1234-5678");
        await console.Field("subject").FillAsync(subject);
        await console.Field("body").FillAsync("明日の予約を来週に変更したい");

        // The messages table disappears (as good as the database failing mid-shift) for this one save.
        await ExecuteAsync("""ALTER TABLE "Messages" RENAME TO "Messages_offline" """);
        try
        {
            await console.GetByTestId("save").ClickAsync();
            await Expect(console.GetByTestId("save-error")).ToContainTextAsync("保存できませんでした");
            await ExpectFormAsync(console, "03-1234-5678");
        }
        finally
        {
            await ExecuteAsync("""ALTER TABLE "Messages_offline" RENAME TO "Messages" """);
        }

        // Back up: the same form saves as it is, and the error goes away.
        await console.GetByTestId("save").ClickAsync();
        await Expect(console.GetByTestId("save-success").Filter(new LocatorFilterOptions { HasText = subject })).ToBeVisibleAsync();
        await Expect(console.GetByTestId("save-error")).ToHaveCountAsync(0);
        Assert.Equal(subject, Assert.Single(await ApiMessages.ListAsync(Fixture, TestWorld.TenantAKey)).GetProperty("subject").GetString());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A field with its label and the message under it.</summary>
    private static ILocator FieldControl(IPage page, string testId) =>
        page.Locator(".mud-input-control").Filter(new LocatorFilterOptions { Has = page.Field(testId) }).Last;

    private static async Task ExpectFormAsync(IPage console, string callbackNumber)
    {
        await Expect(console.Field("tenant")).ToHaveValueAsync("アルファ歯科 (alpha-clinic)");
        await Expect(console.GetByTestId("urgency-Urgent")).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(console.Field("callerName")).ToHaveValueAsync("佐藤 一郎");
        await Expect(console.Field("callbackNumber")).ToHaveValueAsync(callbackNumber);
        await Expect(console.Field("subject")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^予約の変更 "));
        await Expect(console.Field("body")).ToHaveValueAsync("明日の予約を来週に変更したい");
    }
}
