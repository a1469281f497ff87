import NIOCore
import PostgresNIO
import SQLiteNIO
import TandemCore

// A typed id binds and reads as the integer column it is, by the drivers' direct paths: without
// these, every id would go through the generic `Encodable` encoder, once per bound value, on
// the ingest path too.

extension EntityID: SQLiteDataConvertible {
    public init?(sqliteData: SQLiteData) {
        guard let value = Int64(sqliteData: sqliteData) else { return nil }
        self.init(rawValue: value)
    }

    public var sqliteData: SQLiteData? { rawValue.sqliteData }
}

extension EntityID: PostgresEncodable, PostgresNonThrowingEncodable,
    PostgresThrowingDynamicTypeEncodable, PostgresDynamicTypeEncodable
{
    public static var psqlType: PostgresDataType { Int64.psqlType }
    public static var psqlFormat: PostgresFormat { Int64.psqlFormat }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        rawValue.encode(into: &byteBuffer, context: context)
    }
}

extension EntityID: PostgresDecodable {
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        self.init(rawValue: try .init(from: &buffer, type: type, format: format, context: context))
    }
}
