using Microsoft.EntityFrameworkCore;

namespace Workflows.Server.Paging;

/// <summary>
/// The total a list reports beside one of its pages, read as cheaply as it can be: a page short of full says it by
/// itself, and a long list is counted only up to a limit (then "capped"), so a year of rows is never counted for a look.
/// </summary>
public static class PageTotal
{
    /// <summary>
    /// How many <paramref name="rows"/> there are: from the page when it is short of full (the pages before it and its
    /// own <paramref name="onPage"/> rows), as is an empty first page; otherwise counted, up to <paramref name="upTo"/>.
    /// </summary>
    public static Task<(int Total, bool Capped)> OfAsync<T>(IQueryable<T> rows, int page, int pageSize, int onPage, int? upTo, CancellationToken cancellationToken) =>
        OfAsync(page, pageSize, onPage, upTo, () => CountAsync(rows, upTo, cancellationToken));

    /// <summary>As above, with <paramref name="count"/> counting the rows when the page cannot tell.</summary>
    public static async Task<(int Total, bool Capped)> OfAsync(int page, int pageSize, int onPage, int? upTo, Func<Task<(int Total, bool Capped)>> count)
    {
        if (onPage < pageSize && (onPage > 0 || page == 1))
        {
            var total = (page - 1) * pageSize + onPage;
            return upTo is { } limit && total > limit ? (limit, true) : (total, false);
        }
        return await count();
    }

    /// <summary>A count of up to one more than <paramref name="limit"/> rows, as a total: past the limit, the limit and capped.</summary>
    public static (int Total, bool Capped) Capped(int found, int limit) => found > limit ? (limit, true) : (found, false);

    /// <summary>Counts <paramref name="rows"/>, or with <paramref name="upTo"/> stops after one more than that many (then capped).</summary>
    private static async Task<(int Total, bool Capped)> CountAsync<T>(IQueryable<T> rows, int? upTo, CancellationToken cancellationToken)
    {
        if (upTo is not { } limit)
        {
            return (await rows.CountAsync(cancellationToken), false);
        }
        return Capped(await rows.Take(limit + 1).CountAsync(cancellationToken), limit);
    }
}
