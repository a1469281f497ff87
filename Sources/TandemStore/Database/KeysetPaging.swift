/// Walks a table in id order a page at a time: exports of millions of rows need the memory of
/// one page, and each page is an index range scan however far in it is.
///
/// - Parameters:
///   - fetch: reads the page after the given id (`nil` for the first).
///   - id: the id of an item, to continue after the last one.
///   - body: called with each page.
func forEachPage<Item>(
    fetch: (_ afterId: Int64?) async throws -> [Item], id: (Item) -> Int64, _ body: ([Item]) async throws -> Void
) async throws {
    var afterId: Int64?
    while true {
        let page = try await fetch(afterId)
        guard let last = page.last else { return }
        try await body(page)
        afterId = id(last)
    }
}
