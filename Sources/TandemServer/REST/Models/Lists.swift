import TandemCore

/// A page of a list, with the cursor of the next page (`null` on the last).
struct PageOf<Item: Codable & Sendable>: Codable, Sendable {
    let data: [Item]
    let nextCursor: String?

    /// The page of `items`; a full page (`limit` items) has a next one after its last id.
    init<Source, ID: CustomStringConvertible>(_ source: [Source], limit: Int, id: (Source) -> ID, item: (Source) -> Item) {
        self.data = source.map(item)
        self.nextCursor = source.count == limit ? source.last.map { id($0).description } : nil
    }
}

/// A whole list in one answer.
struct ListOf<Item: Codable & Sendable>: Codable, Sendable {
    let data: [Item]
}
