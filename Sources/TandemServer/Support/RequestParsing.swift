import Foundation
import Hummingbird
import TandemCore

extension Request {
    /// The body as a JSON object, or a 400 naming what is wrong.
    func jsonObject(context: some RequestContext, limit: Int = 1024 * 1024) async throws -> [String: JSONValue] {
        let body = try await self.body.collect(upTo: limit)
        let value = try body.withUnsafeReadableBytes { bytes -> JSONValue in
            do { return try JSONValue.parse(bytes: bytes) } catch let error as JSONValue.ParseError {
                throw APIError(.badRequest, code: "invalid_json", message: error.description)
            }
        }
        guard case .object(let members) = value else {
            throw APIError(.badRequest, code: "invalid_json", message: "the body must be a JSON object")
        }
        return members
    }
}

/// Reads and validates query parameters, each error naming its parameter.
struct QueryReader {
    let parameters: FormData

    init(_ request: Request) {
        self.parameters = request.query
    }

    /// The parameter's text; a NUL character (which no column can hold) is a 400.
    func string(_ name: String) throws -> String? {
        guard let text = parameters.get(name), !text.isEmpty else { return nil }
        guard !text.utf8.contains(0) else { throw APIError.badParameter(name, "\(name) contains a NUL character") }
        return text
    }

    func int64(_ name: String) throws -> Int64? {
        guard let text = try string(name) else { return nil }
        guard let value = Int64(text) else { throw APIError.badParameter(name, "\(name) must be a whole number, not '\(text)'") }
        return value
    }

    /// A cursor or filter naming a row by its id.
    func id<Entity>(_ name: String, of entity: Entity.Type = Entity.self) throws -> EntityID<Entity>? {
        try int64(name).map(EntityID.init(rawValue:))
    }

    func limit(default value: Int = 50, maximum: Int = 1000) throws -> Int {
        guard let text = try string("limit") else { return value }
        guard let limit = Int(text), (1...maximum).contains(limit) else {
            throw APIError.badParameter("limit", "limit must be a whole number from 1 to \(maximum)")
        }
        return limit
    }

    func time(_ name: String) throws -> Double? {
        guard let text = try string(name) else { return nil }
        guard let value = Timestamp.parse(text) else {
            throw APIError.badParameter(name, "\(name) must be an ISO-8601 date-time such as 2026-01-31T12:00:00Z")
        }
        return value
    }

    func stage(_ name: String) throws -> LifecycleStage? {
        guard let text = try string(name) else { return nil }
        guard let stage = LifecycleStage(rawValue: text) else {
            throw APIError.badParameter(
                name, "unknown stage '\(text)'; use one of \(LifecycleStage.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return stage
    }

    /// Parameters named `attr.KEY`, as `KEY → value`.
    func attributes() throws -> [String: String] {
        var found: [String: String] = [:]
        for (key, value) in parameters.pairs where key.hasPrefix("attr.") && key.count > 5 {
            guard !key.utf8.contains(0), !value.utf8.contains(0) else {
                throw APIError.badParameter(String(key), "\(key) contains a NUL character")
            }
            found[String(key.dropFirst(5))] = String(value)
        }
        return found
    }

    /// Every value of a repeated parameter.
    func all(_ name: String) throws -> [String] {
        let values = parameters.getAll(name)
        guard !values.contains(where: { $0.utf8.contains(0) }) else {
            throw APIError.badParameter(name, "\(name) contains a NUL character")
        }
        return values
    }
}
