module example.com/deflate

go 1.21
