// Compresses a file with DEFLATE at each level from 1 to the one given, decompresses it again and checks it
// is the same: a small, real compression kernel in Go, on its standard library alone.
// Usage: deflate <file> [max level]   Prints one line per level: level, compressed bytes, CRC-32.
package main

import (
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: deflate <file> [max level]")
		os.Exit(2)
	}
	input, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	maxLevel := 9
	if len(os.Args) > 2 {
		if maxLevel, err = strconv.Atoi(os.Args[2]); err != nil || maxLevel < 1 || maxLevel > 9 {
			fmt.Fprintln(os.Stderr, "max level must be 1 to 9")
			os.Exit(2)
		}
	}
	fmt.Printf("%d bytes, crc32 %08x\n", len(input), crc32.ChecksumIEEE(input))
	for level := 1; level <= maxLevel; level++ {
		var packed bytes.Buffer
		writer, _ := flate.NewWriter(&packed, level)
		writer.Write(input)
		writer.Close()
		unpacked, err := io.ReadAll(flate.NewReader(bytes.NewReader(packed.Bytes())))
		if err != nil || !bytes.Equal(unpacked, input) {
			fmt.Fprintln(os.Stderr, "level", level, ": the round trip changed the data")
			os.Exit(1)
		}
		fmt.Printf("level %d: %d bytes, crc32 %08x\n", level, packed.Len(), crc32.ChecksumIEEE(packed.Bytes()))
	}
}
