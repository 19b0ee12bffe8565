namespace ResumableJobs.Tests.Contracts;

/// <summary><see cref="Page{TCursor, TItem}.HasNextCursor"/> says whether a next or final cursor was given, which a
/// value-type cursor cannot say by being null: a final cursor equal to <c>default(TCursor)</c> still counts.</summary>
public sealed class PageTests
{
    private static readonly string[] Items = ["a", "b"];

    [Fact]
    public void A_page_with_more_to_come_always_has_its_next_cursor_even_the_default_value()
    {
        var page = Page.More<int, string>(Items, 0);

        page.HasMore.Should().BeTrue();
        page.HasNextCursor.Should().BeTrue();
        page.NextCursor.Should().Be(0);
        page.Items.Should().BeSameAs(Items);
    }

    [Fact]
    public void A_last_page_without_a_final_cursor_has_none_whatever_the_cursor_type()
    {
        var valueCursor = Page.Last<int, string>(Items);
        var referenceCursor = Page.Last<string, string>(Items);
        var nullableCursor = Page.Last<long?, string>(Items);

        valueCursor.HasMore.Should().BeFalse();
        valueCursor.HasNextCursor.Should().BeFalse();
        valueCursor.Items.Should().BeSameAs(Items);
        referenceCursor.HasMore.Should().BeFalse();
        referenceCursor.HasNextCursor.Should().BeFalse();
        referenceCursor.NextCursor.Should().BeNull();
        nullableCursor.HasNextCursor.Should().BeFalse();
        nullableCursor.NextCursor.Should().BeNull();
    }

    [Fact]
    public void A_final_cursor_equal_to_the_default_value_still_counts_as_given()
    {
        var zero = Page.Last<int, string>(Items, 0);
        var defaultToken = Page.Last<PageToken, string>(Items, default);
        var zeroOfNullable = Page.Last<long?, string>(Items, 0L);
        var emptyText = Page.Last<string, string>(Items, string.Empty);

        zero.HasMore.Should().BeFalse();
        zero.HasNextCursor.Should().BeTrue();
        zero.NextCursor.Should().Be(0);
        defaultToken.HasNextCursor.Should().BeTrue();
        defaultToken.NextCursor.Should().Be(default(PageToken));
        zeroOfNullable.HasNextCursor.Should().BeTrue();
        zeroOfNullable.NextCursor.Should().Be(0L);
        emptyText.HasNextCursor.Should().BeTrue();
        emptyText.NextCursor.Should().BeEmpty();
    }

    [Fact]
    public void A_final_cursor_other_than_the_default_is_carried()
    {
        var page = Page.Last<int, string>(Items, 42);

        page.HasMore.Should().BeFalse();
        page.HasNextCursor.Should().BeTrue();
        page.NextCursor.Should().Be(42);
    }

    [Fact]
    public void A_null_final_cursor_is_rejected_naming_the_overload_without_one()
    {
        var referenceCursor = () => Page.Last<string, string>(Items, null!);
        var nullableCursor = () => Page.Last<long?, string>(Items, null);

        referenceCursor.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("finalCursor");
        nullableCursor.Should().Throw<ArgumentNullException>()
            .Which.Message.Should().Contain("Page.Last(items)");
    }

    [Fact]
    public void A_null_next_cursor_on_a_page_with_more_to_come_is_rejected()
    {
        var act = () => Page.More<string, string>(Items, null!);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("nextCursor");
    }

    [Fact]
    public void Null_items_are_rejected_by_every_factory()
    {
        new Action[]
        {
            () => Page.More<int, string>(null!, 1),
            () => Page.Last<int, string>(null!),
            () => Page.Last<int, string>(null!, 1),
            () => _ = new Page<int, string>(null!, 1, hasMore: false),
        }.Should().AllSatisfy(act => act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("items"));
    }

    [Fact]
    public void The_constructor_counts_a_cursor_as_given_when_it_is_not_null()
    {
        new Page<string, string>(Items, null, hasMore: false).HasNextCursor.Should().BeFalse();
        new Page<long?, string>(Items, null, hasMore: false).HasNextCursor.Should().BeFalse();
        new Page<string, string>(Items, "watermark", hasMore: false).HasNextCursor.Should().BeTrue();
        new Page<string, string>(Items, "next", hasMore: true).HasNextCursor.Should().BeTrue();
        new Page<long?, string>(Items, 0L, hasMore: false).HasNextCursor.Should().BeTrue();

        // A value-type cursor is never null, so through the constructor it always counts as given, 0 included;
        // Page.Last(items) is the way to say "no final cursor" for one.
        new Page<int, string>(Items, 0, hasMore: false).HasNextCursor.Should().BeTrue();
        new Page<int, string>(Items, default, hasMore: true).HasNextCursor.Should().BeTrue();
    }

    private readonly record struct PageToken(long Offset, string? Continuation);
}
