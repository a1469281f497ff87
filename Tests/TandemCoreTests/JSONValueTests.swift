import Foundation
import Testing

@testable import TandemCore

@Suite("JSON parsing and writing")
struct JSONValueTests {
    @Test("booleans, numbers, strings, nulls, arrays and objects are told apart")
    func parsesEveryKind() throws {
        let value = try JSONValue.parse(#"{"a":true,"b":1,"c":"x","d":null,"e":[1,2.5,-3e2],"f":{"g":false}}"#)
        #expect(value["a"] == .bool(true))
        #expect(value["b"] == .number(1))
        #expect(value["c"] == .string("x"))
        #expect(value["d"] == .null)
        #expect(value["e"] == .array([.number(1), .number(2.5), .number(-300)]))
        #expect(value["f"]?["g"] == .bool(false))
    }

    @Test("escapes and surrogate pairs are decoded")
    func escapes() throws {
        let value = try JSONValue.parse(#""a\"b\\c\n\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c\né😀"))
    }

    @Test("invalid JSON is refused with the byte offset", arguments: ["", "{", "{\"a\":}", "[1,]", "tru", "{\"a\":1} x", "\"\\x\"", "01a"])
    func refusesInvalid(_ text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(text) }
    }

    @Test("invalid UTF-8 inside a string is refused")
    func refusesBadUTF8() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(Data(bytes)) }
    }

    @Test("the byte count equals the length of the written text")
    func byteCount() throws {
        let values: [JSONValue] = [
            nil, true, false, 0, -12.5, 1e20, "", "plain", "quote \" back \\ nl \n tab \t bell \u{07} é😀", [], [1, "a", nil],
            [:], ["k": ["nested": [true, 3.25]], "é": "x"],
        ]
        for value in values {
            #expect(value.jsonByteCount == value.jsonText.utf8.count, "\(value.jsonText)")
        }
    }

    @Test("writing then parsing gives the same value, with sorted keys")
    func roundTrip() throws {
        let value: JSONValue = ["z": 1, "a": ["x", true, nil, 2.5], "m": ["q": "line\nbreak \"quoted\""]]
        let text = value.jsonText
        #expect(text.hasPrefix("{\"a\":"))
        #expect(try JSONValue.parse(text) == value)
    }
}
