# Small helpers so each folder's CMakeLists.txt stays a few declarative lines
# (modelled on Abseil's absl_cc_library).

include_guard(GLOBAL)

# stormwatch_library(NAME n SRCS a.cc b.cc [HDRS ...] [DEPS ...])
# Builds a static library `stormwatch_<n>`; the repository root is its public include path.
function(stormwatch_library)
  cmake_parse_arguments(SW "" "NAME" "SRCS;HDRS;DEPS" ${ARGN})
  set(target stormwatch_${SW_NAME})
  if(SW_SRCS)
    add_library(${target} STATIC ${SW_SRCS} ${SW_HDRS})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
    target_link_libraries(${target} PUBLIC ${SW_DEPS})
    target_compile_options(${target} PRIVATE ${STORMWATCH_WARNINGS})
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
    target_link_libraries(${target} INTERFACE ${SW_DEPS})
  endif()
endfunction()

# stormwatch_test(NAME n SRCS a_test.cc [DEPS ...] [LABELS label] [TIMEOUT s])
# A GoogleTest binary registered with ctest (tests discovered per TEST, run in parallel).
function(stormwatch_test)
  cmake_parse_arguments(SW "" "NAME;TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT STORMWATCH_BUILD_TESTS)
    return()
  endif()
  set(target ${SW_NAME})
  add_executable(${target} ${SW_SRCS})
  target_link_libraries(${target} PRIVATE ${SW_DEPS} GTest::gmock GTest::gtest_main)
  target_compile_options(${target} PRIVATE ${STORMWATCH_WARNINGS})
  if(NOT SW_TIMEOUT)
    set(SW_TIMEOUT 300)
  endif()
  # gtest_discover_tests flattens list-valued properties, so each test gets one label and
  # one environment variable (tests find the source tree through their working directory).
  set(properties TIMEOUT ${SW_TIMEOUT} ENVIRONMENT "STORMWATCH_BIN=$<TARGET_FILE:stormwatch>")
  list(LENGTH SW_LABELS label_count)
  if(label_count GREATER 1)
    message(FATAL_ERROR "stormwatch_test(${SW_NAME}): give one label, got '${SW_LABELS}'")
  elseif(label_count EQUAL 1)
    list(APPEND properties LABELS ${SW_LABELS})
  endif()
  gtest_discover_tests(${target}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES ${properties}
    DISCOVERY_TIMEOUT 60)
endfunction()

# stormwatch_benchmark(NAME n SRCS a_bench.cc [DEPS ...])
# A Google Benchmark binary; not part of ctest (run it from bench/README.md).
function(stormwatch_benchmark)
  cmake_parse_arguments(SW "" "NAME" "SRCS;DEPS" ${ARGN})
  if(NOT STORMWATCH_BUILD_BENCHMARKS)
    return()
  endif()
  add_executable(${SW_NAME} ${SW_SRCS})
  target_link_libraries(${SW_NAME} PRIVATE ${SW_DEPS} benchmark::benchmark benchmark::benchmark_main)
  target_compile_options(${SW_NAME} PRIVATE ${STORMWATCH_WARNINGS})
endfunction()

# Adds every immediate sub-folder that has a CMakeLists.txt, so a new operator or sink folder
# needs no edit of its parent. Folder names listed in STORMWATCH_EXCLUDE_DIRS are skipped
# (a developer's escape hatch while a folder is being rewritten).
set(STORMWATCH_EXCLUDE_DIRS "" CACHE STRING "Folder names to leave out of the build")
function(stormwatch_add_all_subdirectories)
  file(GLOB children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}
       ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT children)
  foreach(child ${children})
    if(child IN_LIST STORMWATCH_EXCLUDE_DIRS)
      continue()
    endif()
    if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${child}
       AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${child}/CMakeLists.txt)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
