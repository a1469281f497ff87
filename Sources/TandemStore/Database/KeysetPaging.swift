/// A list filter that pages by id: the page after `afterId`, at most `limit` rows.
protocol KeysetFilter {
    /// The id of the rows listed, so a lead list cannot continue after an event's id.
    associatedtype RowID
    var afterId: RowID? { get set }
    var limit: Int { get set }
}

extension KeysetFilter {
    /// Walks every row the filter matches, in id order, a page at a time: exports of millions of
    /// rows need the memory of one page, and each page is an index range scan however far in it
    /// is.
    ///
    /// - Parameters:
    ///   - pageSize: rows a page.
    ///   - fetch: reads one page for the filter.
    ///   - id: the id of a row, to continue after the last one.
    ///   - body: called with each page.
    func forEachPage<Row>(
        pageSize: Int, fetch: (Self) async throws -> [Row], id: (Row) -> RowID, _ body: ([Row]) async throws -> Void
    ) async throws {
        var filter = self
        filter.limit = pageSize
        while true {
            let page = try await fetch(filter)
            guard let last = page.last else { return }
            try await body(page)
            filter.afterId = id(last)
        }
    }
}
