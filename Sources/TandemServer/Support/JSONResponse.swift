import Hummingbird
import NIOCore
import TandemCore

extension Response {
    /// A JSON response from a `JSONValue`.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: value.jsonText)))
    }
}

extension JSONValue {
    /// Wraps an optional string, `null` when absent.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    /// Wraps an optional number, `null` when absent.
    public static func optional(_ number: Int64?) -> JSONValue { number.map { .number(Double($0)) } ?? .null }
    /// A time as an RFC 3339 string.
    public static func time(_ seconds: Double) -> JSONValue { .string(Timestamp.format(seconds)) }
}
