import CFuzzerDriver
import CoordinatorServer
import Foundation
import NIOCore

// libFuzzer input → FrontendMessageDecoder, the first byte choosing the chunk size (1…64) in
// which the rest arrives, as from a socket. The promises (those of FrontendDecoderFuzzTests):
// no crash, every step consumes bytes or waits for more, every rejection a ProtocolViolation.
// A broken promise traps, which libFuzzer records as a crash with its input.
//
//   make fuzz                                 # every target, corpus in fuzz/corpus/NAME
//   .build-fuzz/debug/FuzzFrontendDecoder fuzz/corpus/FuzzFrontendDecoder -max_total_time=60

func decode(_ data: UnsafeBufferPointer<UInt8>) {
    guard let first = data.first else { return }
    let chunk = Int(first % 64) + 1
    let input = data.dropFirst()
    var decoder = FrontendMessageDecoder(maxMessageSize: 4_096)
    var buffer = ByteBuffer()
    var offset = input.startIndex
    var steps = 0
    do {
        while true {
            let before = buffer.readerIndex
            if try decoder.next(&buffer) != nil {
                if buffer.readerIndex <= before { fatalError("a message consumed no bytes") }
            } else {
                if offset == input.endIndex { return }
                let end = min(input.endIndex, offset + chunk)
                buffer.writeBytes(input[offset..<end])
                offset = end
            }
            steps += 1
            if steps > 4 * input.count + 16 { fatalError("no progress after \(steps) steps") }
        }
    } catch is ProtocolViolation {
        return
    } catch {
        fatalError("rejected with \(type(of: error)), not a ProtocolViolation: \(error)")
    }
}

/// libFuzzer's per-input entry point (its runtime's own `main` refers to it too).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    decode(UnsafeBufferPointer(start: data, count: size))
    return 0
}

// SwiftPM links this file's code as the executable's `main`: hand over to libFuzzer's driver.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
